#pragma once

#include "domain/Models.h"

#include <QAbstractTableModel>

namespace qd {

// The qualifications of one customer with their vetting status, one row each.
class VettingStatusModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        QualificationColumn,
        StatusColumn,
        ReasonColumn,
        DateColumn,
        ColumnCount
    };
    enum Role
    {
        RawQualificationRole = Qt::UserRole + 1, // the API string, unchanged
        RawStatusRole,                           // the API string, unchanged
        DateRole,                                // QDateTime (UTC), for sorting
    };

    using QAbstractTableModel::QAbstractTableModel;

    void setQualifications(const QList<CustomerQualification> &qualifications);
    const QList<CustomerQualification> &qualifications() const { return m_rows; }
    void clear() { setQualifications({}); }
    // Texts are translated at data() time; this tells views to ask again after a language switch.
    void retranslate();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // A vetting status as the user reads it: translated for known values, the raw API string
    // for values this version does not know (never dropped, never renamed).
    static QString statusText(const CustomerQualification &qualification);

private:
    QList<CustomerQualification> m_rows;
};

} // namespace qd
