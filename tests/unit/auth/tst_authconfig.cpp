#include "auth/AuthConfig.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestAuthConfig : public QObject
{
    Q_OBJECT
private slots:
    void defaults()
    {
        const qd::AuthConfig config;
        QCOMPARE(config.authority, QUrl(u"https://login.microsoftonline.com/organizations"_s));
        QVERIFY(config.clientId.isEmpty());
        QCOMPARE(
            config.scope,
            u"https://api.partnercenter.microsoft.com/user_impersonation offline_access openid profile"_s);
        QVERIFY(config.requestsOfflineAccess());
        QVERIFY(config.requestsOpenId());
        QCOMPARE(config.resourceScopes(),
                 QStringList{u"https://api.partnercenter.microsoft.com/user_impersonation"_s});
        QCOMPARE(config.tokenUrl(),
                 QUrl(u"https://login.microsoftonline.com/organizations/oauth2/v2.0/token"_s));
        QCOMPARE(config.authorizeUrl(),
                 QUrl(u"https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize"_s));
        QCOMPARE(config.deviceCodeUrl(),
                 QUrl(u"https://login.microsoftonline.com/organizations/oauth2/v2.0/devicecode"_s));
    }

    void noClientId()
    {
        qd::AuthConfig config;
        QString error;
        QVERIFY(!config.validate(&error));
        QVERIFY2(error.contains(u"client ID"_s), qPrintable(error));
        config.clientId = u"   "_s;
        QVERIFY(!config.validate());
    }

    void authorityRules_data()
    {
        QTest::addColumn<QString>("authority");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("https") << u"https://login.microsoftonline.com/contoso.onmicrosoft.com"_s << true;
        QTest::newRow("http loopback v4") << u"http://127.0.0.1:8080/organizations"_s << true;
        QTest::newRow("http localhost") << u"http://localhost:8080/organizations"_s << true;
        QTest::newRow("http loopback v6") << u"http://[::1]:8080/organizations"_s << true;
        QTest::newRow("http remote") << u"http://login.example.com/organizations"_s << false;
        QTest::newRow("http lookalike") << u"http://127.0.0.1.example.com/x"_s << false;
        QTest::newRow("ftp") << u"ftp://login.example.com/x"_s << false;
        QTest::newRow("no scheme") << u"login.microsoftonline.com/organizations"_s << false;
        QTest::newRow("garbage") << u"::::"_s << false;
    }
    void authorityRules()
    {
        QFETCH(QString, authority);
        QFETCH(bool, allowed);
        qd::AuthConfig config;
        config.clientId = u"client"_s;
        config.authority = QUrl(authority);
        QString error;
        QCOMPARE(config.validate(&error), allowed);
        QCOMPARE(error.isEmpty(), allowed);
        if (!allowed && authority.startsWith(u"http://"_s))
            QVERIFY2(error.contains(u"HTTPS"_s), qPrintable(error));
    }

    void resolutionOrder()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"qualdesk.ini"_s), QSettings::IniFormat);
        settings.setValue(u"auth/authority"_s, u"https://settings.example/tenant"_s);
        settings.setValue(u"auth/clientId"_s, u"from-settings"_s);
        QProcessEnvironment env;

        // settings only
        qd::AuthConfig config = qd::AuthConfig::resolve({}, {}, settings, env);
        QCOMPARE(config.authority, QUrl(u"https://settings.example/tenant"_s));
        QCOMPARE(config.clientId, u"from-settings"_s);

        // environment beats settings
        env.insert(u"QUALDESK_AUTHORITY"_s, u"https://env.example/t"_s);
        env.insert(u"QUALDESK_CLIENT_ID"_s, u"from-env"_s);
        config = qd::AuthConfig::resolve({}, {}, settings, env);
        QCOMPARE(config.authority, QUrl(u"https://env.example/t"_s));
        QCOMPARE(config.clientId, u"from-env"_s);

        // command line beats both, per value
        config = qd::AuthConfig::resolve(u"https://cli.example/t"_s, {}, settings, env);
        QCOMPARE(config.authority, QUrl(u"https://cli.example/t"_s));
        QCOMPARE(config.clientId, u"from-env"_s);
        config = qd::AuthConfig::resolve({}, u" from-cli "_s, settings, env);
        QCOMPARE(config.clientId, u"from-cli"_s);

        // nothing anywhere: defaults, and no client ID
        QSettings empty(dir.filePath(u"empty.ini"_s), QSettings::IniFormat);
        config = qd::AuthConfig::resolve({}, {}, empty, QProcessEnvironment());
        QCOMPARE(config.authority, qd::AuthConfig::defaultAuthority());
        QVERIFY(config.clientId.isEmpty());
        QVERIFY(!config.validate());
    }

    void nonHttpsFromEnvironmentIsReported()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"q.ini"_s), QSettings::IniFormat);
        QProcessEnvironment env;
        env.insert(u"QUALDESK_AUTHORITY"_s, u"http://evil.example/organizations"_s);
        env.insert(u"QUALDESK_CLIENT_ID"_s, u"c"_s);
        const auto config = qd::AuthConfig::resolve({}, {}, settings, env);
        QString error;
        QVERIFY(!config.validate(&error));
        QVERIFY(error.contains(u"evil.example"_s));
    }

    void saveRoundTrip()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"q.ini"_s), QSettings::IniFormat);
        qd::AuthConfig config;
        config.authority = QUrl(u"https://login.microsoftonline.com/contoso.example"_s);
        config.clientId = u"abc"_s;
        config.save(settings);
        const auto back = qd::AuthConfig::resolve({}, {}, settings, QProcessEnvironment());
        QCOMPARE(back.authority, config.authority);
        QCOMPARE(back.clientId, config.clientId);
    }

    void endpointsIgnoreTrailingSlash()
    {
        qd::AuthConfig config;
        config.authority = QUrl(u"http://127.0.0.1:9/organizations/"_s);
        QCOMPARE(config.tokenUrl(), QUrl(u"http://127.0.0.1:9/organizations/oauth2/v2.0/token"_s));
    }

    void storageKey()
    {
        qd::AuthConfig a;
        a.clientId = u"client-a"_s;
        qd::AuthConfig b = a;
        b.authority = QUrl(u"https://login.microsoftonline.com/organizations/"_s);
        QCOMPARE(a.storageKey(), b.storageKey()); // same authority written differently
        b.clientId = u"client-b"_s;
        QVERIFY(a.storageKey() != b.storageKey());
        qd::AuthConfig c = a;
        c.authority = QUrl(u"https://login.microsoftonline.com/contoso.example"_s);
        QVERIFY(a.storageKey() != c.storageKey());
        QVERIFY(a.storageKey().contains(u"client-a"_s));
    }
};

QTEST_GUILESS_MAIN(TestAuthConfig)
#include "tst_authconfig.moc"
