#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <functional>

namespace qd {

class MainWindow;

// Drives the main window into a named state through its widgets, the way a user would, for
// `qualdesk --screenshot` and the memory benchmark. Used against the demo simulator only;
// the customers and code to use are handed in, so this face stays free of the simulator.
class WindowAutomation : public QObject
{
    Q_OBJECT
public:
    enum class State
    {
        SignedOut,
        Customer,
        FormError,
        Submitted,
        History,
        Bulk
    };

    struct Fixtures
    {
        QString searchText = QStringLiteral("brno");
        QString customerSearchText; // Customer: finds customerId
        QString customerId;         // Customer: one with vetting rows
        QString refusedSearchText;  // FormError: finds refusedCustomerId
        QString refusedCustomerId;  // FormError: Partner Center refuses Education for it
        QString submitCustomerId;   // Submitted: found by searchText, no qualification yet
        QString validationCode;     // Submitted: a GCC code with uses left
        QStringList bulkLines;      // Bulk: pasted as the list of tenant IDs (invalid lines too)
        QString bulkQualification;  // Bulk: the API name of the qualification for all of them
    };
    using Done = std::function<void(bool ok, const QString &error)>;

    WindowAutomation(MainWindow *window, Fixtures fixtures, QObject *parent = nullptr);

    static bool stateFromName(const QString &name, State *state);
    void run(State state, Done done);
    // Saves what the window shows to a PNG file.
    static bool grab(MainWindow *window, const QString &path, QString *error = nullptr);

private:
    struct Step
    {
        QString what;
        std::function<bool()> ready; // poll until true
        std::function<void()> action;
    };
    void addOpenCustomer(const QString &searchText, const QString &customerId);
    void next();
    void poll();
    void fail(const QString &error);

    template <typename T> T *child(const char *name) const;

    QPointer<MainWindow> m_window;
    Fixtures m_fixtures;
    QList<Step> m_steps;
    Done m_done;
    QTimer m_poll;
    int m_waitedMs = 0;
};

} // namespace qd
