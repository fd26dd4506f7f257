#include "SingleInstance.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLoggingCategory>
#include <unistd.h>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcInstance, "qualdesk.instance")

namespace qd {

namespace {
constexpr QByteArrayView kActivate = "activate\n";
constexpr QByteArrayView kAcknowledge = "ok\n";
} // namespace

SingleInstance::SingleInstance(const QString &dataDir, QObject *parent)
    : QObject(parent), m_name(serverName(dataDir))
{}

SingleInstance::~SingleInstance() = default;

QString SingleInstance::serverName(const QString &dataDir)
{
    const QFileInfo info(dataDir);
    const QString canonical =
        info.exists() ? info.canonicalFilePath() : QDir::cleanPath(info.absoluteFilePath());
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(QByteArray::number(qulonglong(::getuid())));
    hash.addData("\n");
    hash.addData(canonical.toUtf8());
    return u"qualdesk-"_s + QString::fromLatin1(hash.result().toHex().left(24));
}

bool SingleInstance::activateRunning(int timeoutMs)
{
    QLocalSocket socket;
    socket.connectToServer(m_name);
    if (!socket.waitForConnected(timeoutMs))
        return false;
    socket.write(kActivate.data(), kActivate.size());
    if (!socket.waitForBytesWritten(timeoutMs))
        return false;
    // The running one answers once it has taken the request, so this process may leave.
    while (socket.bytesAvailable() < kAcknowledge.size()) {
        if (!socket.waitForReadyRead(timeoutMs))
            return false;
    }
    const bool answered = socket.readAll().startsWith(kAcknowledge.toByteArray());
    qCInfo(lcInstance) << "running instance" << (answered ? "answered" : "gave an unexpected answer");
    return answered;
}

bool SingleInstance::listen()
{
    if (isListening())
        return true;
    m_server = new QLocalServer(this);
    // Default options on purpose: with any access option Qt binds elsewhere and renames the
    // socket into place, which would silently take the name from a running instance. The
    // name carries the user's ID, and the umask keeps other users from writing to the socket.
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::onConnection);
    if (m_server->listen(m_name))
        return true;
    // The name is taken: a running instance answers (and comes forward), a crashed one left only
    // its socket file, which refuses at once. A busy instance gets time: it is not a crash.
    if (m_server->serverError() == QAbstractSocket::AddressInUseError && activateRunning(3000))
        m_handedOver = true;
    else if (m_server->serverError() == QAbstractSocket::AddressInUseError) {
        qCInfo(lcInstance) << "removing the stale socket" << m_name;
        QLocalServer::removeServer(m_name);
        if (m_server->listen(m_name))
            return true;
    }
    m_error = m_server->errorString();
    delete m_server;
    m_server = nullptr;
    return false;
}

bool SingleInstance::isListening() const
{
    return m_server && m_server->isListening();
}

void SingleInstance::onConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            if (!socket->canReadLine())
                return;
            const QByteArray line = socket->readLine(64);
            if (line == kActivate.toByteArray()) {
                qCInfo(lcInstance) << "another launch asked for this window";
                socket->write(kAcknowledge.data(), kAcknowledge.size());
                socket->flush();
                emit activationRequested();
            }
            socket->disconnectFromServer();
        });
    }
}

} // namespace qd
