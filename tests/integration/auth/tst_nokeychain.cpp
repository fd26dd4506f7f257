#include "AuthHarness.h"

#include <QDirIterator>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using qd::AuthSession;
using qd::test::AuthHarness;

// No keychain service at all: the sign-in works for this run, the user is told, and nothing
// is written to a file instead. main() points D-Bus at nowhere and HOME at a fresh folder.
class TestNoKeychain : public QObject
{
    Q_OBJECT
public:
    explicit TestNoKeychain(QString home) : m_home(std::move(home)) {}

private:
    QString m_home;

    QStringList filesContaining(const QString &secret) const
    {
        QStringList hits;
        QDirIterator it(m_home, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile file(it.next());
            if (file.open(QIODevice::ReadOnly) && file.readAll().contains(secret.toUtf8()))
                hits << file.fileName();
        }
        return hits;
    }

private slots:
    void signInLastsForThisRunOnly()
    {
        qd::KeychainTokenStore store;
        AuthHarness h(&store);
        QSignalSpy unavailable(h.session.get(), &AuthSession::keychainUnavailable);
        QVERIFY(h.signIn());
        QCOMPARE(unavailable.size(), 1);
        QVERIFY2(unavailable.first().first().toString().contains(u"keychain"_s),
                 qPrintable(unavailable.first().first().toString()));
        QVERIFY(!h.session->isPersistent());
        QVERIFY(h.session->isSignedIn());

        // Refresh works from memory, and the rotated token is not written anywhere either.
        QSignalSpy refreshed(h.session.get(), &qd::TokenProvider::refreshFinished);
        h.session->requestRefresh();
        QVERIFY(refreshed.wait(15000));
        QCOMPARE(refreshed.first().first().toBool(), true);
        QCOMPARE(unavailable.size(), 1); // told once, not at every rotation

        const QStringList refreshTokens = h.postedTokenFields(u"refresh_token"_s);
        QCOMPARE(refreshTokens.size(), 1);
        QVERIFY(filesContaining(refreshTokens.first()).isEmpty());
        QVERIFY(filesContaining(h.session->accessToken()).isEmpty());
        // The scan looks where QSettings and QtKeychain's plain fallback would write.
        QVERIFY(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation).startsWith(m_home));

        // The next run cannot restore, and says why.
        AuthSession next(&h.network, &store, h.config());
        QSignalSpy restored(&next, &AuthSession::restoreFinished);
        next.restore();
        QVERIFY(restored.wait(30000));
        QCOMPARE(restored.first().first().toBool(), false);
        QCOMPARE(next.signOutReason(), AuthSession::SignOutReason::RestoreFailed);
        QVERIFY(next.lastMessage().contains(u"keychain"_s));
    }

    void scanFindsAPlantedSecret()
    {
        // The file scan above must be able to fail.
        QDir(m_home).mkpath(u".config/probe"_s);
        QFile file(m_home + u"/.config/probe/x.conf"_s);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("token=planted-secret-123\n");
        file.close();
        QCOMPARE(filesContaining(u"planted-secret-123"_s).size(), 1);
        file.remove();
    }
};

int main(int argc, char **argv)
{
    QTemporaryDir home;
    if (!home.isValid())
        return 2;
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/qualdesk-no-session-bus");
    qputenv("HOME", home.path().toLocal8Bit());
    for (const char *name : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"})
        qunsetenv(name);
    QCoreApplication app(argc, argv);
    TestNoKeychain test(home.path());
    return QTest::qExec(&test, argc, argv);
}

#include "tst_nokeychain.moc"
