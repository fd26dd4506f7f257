#include "KeychainProbe.h"
#include "auth/TokenStore.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using qd::TokenStore;

// KeychainTokenStore against the real Secret Service (gnome-keyring in a private D-Bus session).
class TestKeychainTokenStore : public QObject
{
    Q_OBJECT

    QString m_key;

    static TokenStore::Outcome wait(TokenStore &store, const std::function<void(TokenStore::Callback)> &call)
    {
        TokenStore::Outcome outcome;
        bool done = false;
        bool inside = true;
        call([&](const TokenStore::Outcome &o) {
            QVERIFY2(!inside, "the callback ran inside the call");
            outcome = o;
            done = true;
        });
        inside = false;
        [&] { QTRY_VERIFY_WITH_TIMEOUT(done, 20000); }();
        Q_UNUSED(store);
        return outcome;
    }

private slots:
    void initTestCase()
    {
        if (!qd::test::hasSessionBus())
            QSKIP(qd::test::noBusReason());
    }

    void init()
    {
        m_key = u"qualdesk-test-"_s + QString::number(QRandomGenerator::system()->generate64(), 16);
    }

    void roundTrip()
    {
        qd::KeychainTokenStore store;
        QCOMPARE(store.service(), u"QualDesk"_s);
        const QString secret = u"rt-"_s + m_key;

        auto outcome = wait(store, [&](TokenStore::Callback cb) { store.write(m_key, secret, cb); });
        QVERIFY2(outcome.ok(), qPrintable(outcome.message));
        QCOMPARE(qd::test::readKeychain(u"QualDesk"_s, m_key).secret, secret);

        outcome = wait(store, [&](TokenStore::Callback cb) { store.read(m_key, cb); });
        QVERIFY(outcome.ok());
        QCOMPARE(outcome.secret, secret);

        // A rotated token replaces the old one under the same key.
        outcome = wait(store, [&](TokenStore::Callback cb) { store.write(m_key, secret + u"-2"_s, cb); });
        QVERIFY(outcome.ok());
        outcome = wait(store, [&](TokenStore::Callback cb) { store.read(m_key, cb); });
        QCOMPARE(outcome.secret, secret + u"-2"_s);

        outcome = wait(store, [&](TokenStore::Callback cb) { store.remove(m_key, cb); });
        QVERIFY2(outcome.ok(), qPrintable(outcome.message));
        outcome = wait(store, [&](TokenStore::Callback cb) { store.read(m_key, cb); });
        QCOMPARE(outcome.status, TokenStore::Status::NotFound);
        QVERIFY(outcome.secret.isEmpty());
        QCOMPARE(qd::test::readKeychain(u"QualDesk"_s, m_key).error, QKeychain::EntryNotFound);
    }

    void servicesAreSeparate()
    {
        qd::KeychainTokenStore ours;
        qd::KeychainTokenStore other(u"QualDesk-other-test"_s, nullptr);
        auto outcome = wait(ours, [&](TokenStore::Callback cb) { ours.write(m_key, u"x"_s, cb); });
        QVERIFY(outcome.ok());
        outcome = wait(other, [&](TokenStore::Callback cb) { other.read(m_key, cb); });
        QCOMPARE(outcome.status, TokenStore::Status::NotFound);
        wait(ours, [&](TokenStore::Callback cb) { ours.remove(m_key, cb); });
    }
};

QTEST_GUILESS_MAIN(TestKeychainTokenStore)
#include "tst_keychaintokenstore.moc"
