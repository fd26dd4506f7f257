#pragma once

#include "directory/CustomerDirectory.h"
#include "domain/Models.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>
#include <memory>

namespace Ui {
class CustomerSearchPanel;
}

namespace qd {

class ApiJob;
class CustomerListModel;

// One field that finds customers by company-name prefix, domain prefix or tenant ID, with
// results as you type (debounced; an older lookup is aborted when a newer one starts), more
// pages as the list scrolls, and the recently opened customers when the field is empty.
class CustomerSearchPanel : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kDebounceMs = 250;

    explicit CustomerSearchPanel(QWidget *parent = nullptr);
    ~CustomerSearchPanel() override;

    void setDirectory(CustomerDirectory *directory);
    CustomerListModel *model() const { return m_model; }
    // Ctrl+F: focus the field and select its text so typing replaces it.
    void focusLookup();
    // Remembers the customer in the recent list (also when opened from elsewhere).
    void rememberCustomer(const Customer &customer);
    // Runs the pending lookup now instead of waiting for the debounce.
    void searchNow();

signals:
    void customerActivated(const qd::Customer &customer);

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    enum class Mode
    {
        Recent,
        Searching,
        Results,
        Failed
    };

    void onTextEdited();
    void startLookup();
    void abortLookup();
    void searchByName(const QString &prefix, bool domain, bool fallbackToDomain);
    void onPage(const CustomerPage &page, bool isFirst);
    void onError(const ApiError &error);
    void requestMore(const PageLink &next);
    void openRow(int row);
    void openCurrentOrFirst();
    void showRecent();
    void updateTexts();
    void fitRowHeight();

    std::unique_ptr<Ui::CustomerSearchPanel> m_ui;
    CustomerListModel *m_model;
    QPointer<CustomerDirectory> m_directory;
    QPointer<ApiJob> m_job;     // the lookup in flight, aborted when a newer one starts
    QPointer<ApiJob> m_pageJob; // the next page in flight
    QTimer m_debounce;
    Mode m_mode = Mode::Recent;
    QString m_query;
    quint64 m_generation = 0; // callbacks of an older lookup are ignored
    bool m_openWhenReady = false;
    bool m_rowHeightFitted = false;
    int m_totalCount = -1;
    // The last failure, re-rendered on a language switch; Kind::None when there is none.
    ApiError m_error;
};

} // namespace qd
