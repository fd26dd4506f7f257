#include "HistoryServerProbe.h"

#include "SubmissionStore.h"

#include <QThread>
#include <memory>

namespace qd {

HistoryServerProbe::HistoryServerProbe(QObject *parent) : QObject(parent) {}

HistoryServerProbe::~HistoryServerProbe()
{
    if (m_thread) {
        m_thread->disconnect(this);
        m_thread->wait();
        delete m_thread;
    }
}

bool HistoryServerProbe::start(const QString &location, const QString &password)
{
    if (m_thread)
        return false;
    auto result = std::make_shared<Result>();
    result->location = location;
    // The store lives and dies on the probe's thread: its connection belongs to the thread
    // that opened it.
    m_thread = QThread::create([location, password, result] {
        SubmissionStore store;
        store.setServerPassword(password);
        if (!store.open(location)) {
            result->error = store.lastError();
            return;
        }
        result->submissions = store.count();
        if (result->submissions < 0)
            result->error = store.lastError();
        else
            result->ok = true;
        result->readOnly = store.isReadOnly();
        store.close();
    });
    m_thread->setObjectName(QStringLiteral("qualdesk-history-probe"));
    connect(m_thread, &QThread::finished, this, [this, result] {
        m_thread->deleteLater();
        m_thread = nullptr;
        emit finished(*result);
    });
    m_thread->start();
    return true;
}

} // namespace qd
