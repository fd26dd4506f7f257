#pragma once

#include "directory/CustomerDirectory.h"
#include "domain/Models.h"

#include <QDateTime>
#include <QPointer>
#include <QWidget>
#include <memory>

namespace Ui {
class CustomerView;
}

namespace qd {

class ApiJob;
class Clock;
class VettingStatusModel;

// One customer: name, domain, copyable tenant ID, relationship, and the table of its
// qualifications with their vetting status, refreshed on demand.
class CustomerView : public QWidget
{
    Q_OBJECT
public:
    explicit CustomerView(QWidget *parent = nullptr);
    ~CustomerView() override;

    void setDirectory(CustomerDirectory *directory);
    void setClock(const Clock *clock);
    // Shows the customer and reads its qualifications; an invalid customer shows the empty page.
    void setCustomer(const Customer &customer);
    const Customer &customer() const { return m_customer; }
    bool hasCustomer() const { return m_customer.isValid(); }
    VettingStatusModel *model() const { return m_model; }
    bool isLoading() const { return !m_job.isNull(); }

    // Fills in details (domain, relationship) of the customer already shown, without re-reading.
    void setCustomerDetails(const Customer &customer);
    // The empty page invites to sign in, or to look a customer up.
    void setSignedIn(bool signedIn);

    // Reads the qualifications again (F5). Nothing happens without a customer.
    void refresh();
    // A submission just returned these; show them at once, the next refresh confirms.
    void mergeQualifications(const QList<CustomerQualification> &created);

    static QString relationshipText(const QString &raw);

signals:
    void signInRequested();
    void qualificationsChanged(const QList<qd::CustomerQualification> &qualifications);

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateTexts();
    void updateLastRefreshed();
    void setUpTable();

    std::unique_ptr<Ui::CustomerView> m_ui;
    VettingStatusModel *m_model;
    QPointer<CustomerDirectory> m_directory;
    const Clock *m_clock;
    QPointer<ApiJob> m_job;
    Customer m_customer;
    QDateTime m_lastRefreshed;
    bool m_signedIn = false; // as the window starts: its empty page is laid out once, not twice
    // Kept as a kind (not text) so a language switch re-renders it.
    enum class Message
    {
        None,
        Loading,
        NoQualifications,
        Copied,
        Failed
    };
    Message m_message = Message::None;
    ApiError m_error;
};

} // namespace qd
