#pragma once

#include "directory/CustomerDirectory.h"
#include "domain/Models.h"

#include <QPointer>
#include <QWidget>
#include <memory>

class QStandardItemModel;

namespace Ui {
class ValidationCodePicker;
}

namespace qd {

// The partner's GCC validation codes in an editable list: organization, code and uses left.
// Codes with no use left are listed but cannot be chosen. When the list cannot be loaded the
// field still takes a typed code.
class ValidationCodePicker : public QWidget
{
    Q_OBJECT
public:
    enum class LoadState
    {
        NotLoaded,
        Loading,
        Loaded,
        Failed
    };

    explicit ValidationCodePicker(QWidget *parent = nullptr);
    ~ValidationCodePicker() override;

    void setSource(ValidationCodeSource *source);
    // Loads the codes unless they are loaded or loading.
    void ensureLoaded();
    void reload();
    LoadState loadState() const { return m_state; }
    const QList<ValidationCode> &codes() const { return m_codes; }

    // The validationId chosen, or the trimmed text typed; empty when nothing.
    QString code() const;
    // The listed code with that validationId, or an invalid one.
    ValidationCode findCode(const QString &validationId) const;
    void setCode(const QString &text);
    void clear();

    // "582641 · Ministry of Interior · 4 of 5 uses left", translated.
    static QString itemText(const ValidationCode &code);

signals:
    void codeChanged();
    void loadStateChanged(qd::ValidationCodePicker::LoadState state);

protected:
    void changeEvent(QEvent *event) override;

private:
    void onLoaded(const Result<QList<ValidationCode>> &result);
    void rebuildItems();
    void updateStatus();

    std::unique_ptr<Ui::ValidationCodePicker> m_ui;
    QStandardItemModel *m_items;
    QPointer<ValidationCodeSource> m_source;
    QPointer<ApiJob> m_job;
    QList<ValidationCode> m_codes;
    LoadState m_state = LoadState::NotLoaded;
    ApiError m_error;
};

} // namespace qd
