#include "WindowAutomation.h"

#include "BulkPanel.h"
#include "CustomerListModel.h"
#include "MainWindow.h"
#include "ValidationCodePicker.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QFrame>
#include <QGroupBox>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTableView>

using namespace Qt::StringLiterals;

namespace qd {

namespace {
constexpr int kPollMs = 50;
constexpr int kStepTimeoutMs = 20000;

void typeText(QWidget *widget, const QString &text)
{
    widget->setFocus(Qt::OtherFocusReason);
    for (const QChar c : text) {
        QKeyEvent press(QEvent::KeyPress, 0, Qt::NoModifier, QString(c));
        QApplication::sendEvent(widget, &press);
        QKeyEvent release(QEvent::KeyRelease, 0, Qt::NoModifier, QString(c));
        QApplication::sendEvent(widget, &release);
    }
}

void pressKey(QWidget *widget, Qt::Key key)
{
    QKeyEvent press(QEvent::KeyPress, key, Qt::NoModifier);
    QApplication::sendEvent(widget, &press);
    QKeyEvent release(QEvent::KeyRelease, key, Qt::NoModifier);
    QApplication::sendEvent(widget, &release);
}
} // namespace

WindowAutomation::WindowAutomation(MainWindow *window, Fixtures fixtures, QObject *parent)
    : QObject(parent), m_window(window), m_fixtures(std::move(fixtures))
{
    m_poll.setInterval(kPollMs);
    connect(&m_poll, &QTimer::timeout, this, &WindowAutomation::poll);
}

bool WindowAutomation::stateFromName(const QString &name, State *state)
{
    static const QList<QPair<QString, State>> names{
        {u"signed-out"_s, State::SignedOut}, {u"customer"_s, State::Customer},
        {u"form-error"_s, State::FormError}, {u"submitted"_s, State::Submitted},
        {u"history"_s, State::History},      {u"bulk"_s, State::Bulk}};
    for (const auto &[text, value] : names) {
        if (text == name) {
            *state = value;
            return true;
        }
    }
    return false;
}

template <typename T> T *WindowAutomation::child(const char *name) const
{
    return m_window ? m_window->findChild<T *>(QString::fromLatin1(name)) : nullptr;
}

void WindowAutomation::addOpenCustomer(const QString &searchText, const QString &customerId)
{
    m_steps.append({u"sign-in"_s,
                    [this] {
                        auto *signOut = child<QAbstractButton>("signOutButton");
                        return signOut && signOut->isVisible();
                    },
                    {}});
    m_steps.append({u"search"_s, [] { return true; },
                    [this, searchText] {
                        auto *edit = child<QLineEdit>("customerSearchEdit");
                        edit->clear();
                        typeText(edit, searchText);
                    }});
    m_steps.append({u"results"_s,
                    [this, customerId] {
                        auto *view = child<QTableView>("customerResultsView");
                        auto *model = qobject_cast<CustomerListModel *>(view->model());
                        if (!model)
                            return false;
                        for (int row = 0; row < model->rowCount(); ++row) {
                            if (model->customerAt(row).id == customerId) {
                                view->setCurrentIndex(model->index(row, 0));
                                return true;
                            }
                        }
                        return false;
                    },
                    [this] {
                        auto *view = child<QTableView>("customerResultsView");
                        view->setFocus(Qt::OtherFocusReason);
                        pressKey(view, Qt::Key_Return);
                    }});
    m_steps.append({u"qualifications"_s,
                    [this] {
                        auto *table = child<QTableView>("vettingTableView");
                        auto *refresh = child<QAbstractButton>("refreshButton");
                        return table && refresh && refresh->isEnabled();
                    },
                    {}});
}

void WindowAutomation::run(State state, Done done)
{
    m_done = std::move(done);
    m_steps.clear();
    switch (state) {
    case State::SignedOut:
        break;
    case State::Customer:
        addOpenCustomer(m_fixtures.customerSearchText, m_fixtures.customerId);
        break;
    case State::FormError:
        addOpenCustomer(m_fixtures.refusedSearchText, m_fixtures.refusedCustomerId);
        m_steps.append({u"fill the form"_s, [] { return true; },
                        [this] {
                            child<QAbstractButton>("educationRadioButton")->click();
                            // Names are unique per panel, not per window: look inside the form.
                            auto *form = child<QWidget>("qualificationForm");
                            form->findChild<QComboBox *>(u"segmentComboBox"_s)->setCurrentIndex(1);
                            typeText(form->findChild<QLineEdit *>(u"websiteEdit"_s), u"litware.com"_s);
                            child<QAbstractButton>("submitButton")->click();
                            child<QAbstractButton>("confirmButton")->click();
                        }});
        m_steps.append({u"refusal"_s,
                        [this] {
                            auto *frame = child<QFrame>("resultFrame");
                            return frame && frame->isVisible();
                        },
                        {}});
        break;
    case State::Submitted:
    case State::History:
        addOpenCustomer(m_fixtures.searchText, m_fixtures.submitCustomerId);
        m_steps.append({u"choose GCC"_s, [] { return true; },
                        [this] { child<QAbstractButton>("gccRadioButton")->click(); }});
        m_steps.append(
            {u"validation codes"_s,
             [this] {
                 auto *picker = child<ValidationCodePicker>("validationCodePicker");
                 return picker && picker->loadState() == ValidationCodePicker::LoadState::Loaded;
             },
             [this] {
                 child<ValidationCodePicker>("validationCodePicker")->setCode(m_fixtures.validationCode);
                 child<QAbstractButton>("submitButton")->click();
                 child<QAbstractButton>("confirmButton")->click();
             }});
        m_steps.append({u"accepted"_s,
                        [this] {
                            auto *frame = child<QFrame>("resultFrame");
                            auto *table = child<QTableView>("vettingTableView");
                            auto *refresh = child<QAbstractButton>("refreshButton");
                            return frame && frame->isVisible() && table->model()->rowCount() > 0 &&
                                   refresh->isEnabled();
                        },
                        {}});
        if (state == State::History)
            m_steps.append({u"history"_s, [] { return true; }, [this] { m_window->showHistory(); }});
        break;
    case State::Bulk:
        m_steps.append(
            {u"sign-in"_s,
             [this] {
                 auto *signOut = child<QAbstractButton>("signOutButton");
                 return signOut && signOut->isVisible();
             },
             [this] {
                 m_window->showBulk();
                 child<QGroupBox>("pasteGroupBox")->setChecked(true);
                 auto *type = child<QComboBox>("qualificationComboBox");
                 const int index =
                     type->findData(int(Qualifications::typeFromString(m_fixtures.bulkQualification)));
                 type->setCurrentIndex(std::max(0, index));
                 child<QPlainTextEdit>("pasteEdit")->setPlainText(m_fixtures.bulkLines.join(u'\n'));
                 child<QAbstractButton>("usePastedButton")->click();
             }});
        m_steps.append({u"checked"_s, [this] { return child<QAbstractButton>("startButton")->isEnabled(); },
                        [this] { child<QAbstractButton>("startButton")->click(); }});
        m_steps.append({u"run finished"_s,
                        [this] {
                            auto *panel = child<BulkPanel>("bulkPanel");
                            return panel && !panel->isRunning() &&
                                   child<QAbstractButton>("exportButton")->isEnabled();
                        },
                        {}});
        break;
    }
    // Let the last answer render before anyone looks.
    m_steps.append({u"settle"_s, [this] { return m_waitedMs >= 400; }, {}});
    next();
}

void WindowAutomation::next()
{
    m_waitedMs = 0;
    if (m_steps.isEmpty()) {
        m_poll.stop();
        if (m_done)
            m_done(true, {});
        return;
    }
    m_poll.start();
}

void WindowAutomation::poll()
{
    if (!m_window) {
        fail(u"the window is gone"_s);
        return;
    }
    Step &step = m_steps.first();
    if (!step.ready()) {
        m_waitedMs += kPollMs;
        if (m_waitedMs > kStepTimeoutMs)
            fail(u"timed out waiting for: "_s + step.what);
        return;
    }
    const Step done = m_steps.takeFirst();
    if (done.action)
        done.action();
    next();
}

void WindowAutomation::fail(const QString &error)
{
    m_poll.stop();
    m_steps.clear();
    if (m_done)
        m_done(false, error);
}

bool WindowAutomation::grab(MainWindow *window, const QString &path, QString *error)
{
    const QPixmap pixmap = window->grab();
    if (pixmap.isNull() || !pixmap.save(path, "PNG")) {
        if (error)
            *error = u"cannot write %1"_s.arg(path);
        return false;
    }
    return true;
}

} // namespace qd
