#include "settings/AppSettings.h"

#include <QCommandLineParser>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using qd::AppSettings;

// AppSettings lives in core/settings but its first users are the CLI's option handling, so its
// tests sit beside the CLI's.
class TestAppSettings : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static QProcessEnvironment env(std::initializer_list<std::pair<QString, QString>> vars)
    {
        QProcessEnvironment e;
        for (const auto &[k, v] : vars)
            e.insert(k, v);
        return e;
    }

    AppSettings resolve(const QStringList &args, const QProcessEnvironment &e,
                        const QSettings *settings = nullptr)
    {
        QCommandLineParser parser;
        AppSettings::addCommonOptions(parser);
        if (!parser.parse(QStringList{u"prog"_s} + args))
            qFatal("parse failed");
        AppSettings::Sources s;
        s.parser = &parser;
        s.environment = e;
        s.settings = settings;
        s.defaultDataDir = m_dir.filePath(u"default"_s);
        return AppSettings::resolve(s);
    }

private slots:
    void defaults()
    {
        const AppSettings a = resolve({}, env({}));
        QCOMPARE(a.baseUrl, QUrl(u"https://api.partnercenter.microsoft.com"_s));
        QCOMPARE(a.authority, QUrl(u"https://login.microsoftonline.com/organizations"_s));
        QVERIFY(a.clientId.isEmpty());
        QCOMPARE(a.dataDir, m_dir.filePath(u"default"_s));
        QCOMPARE(a.language, u"en"_s);
        QCOMPARE(a.xLocale(), u"en-US"_s);
        QCOMPARE(a.requestTimeoutMs, 30000);
        QCOMPARE(a.environmentKind(), qd::EnvironmentKind::Production);
        QVERIFY(!a.demo);
        QVERIFY(a.validate().isEmpty());
    }

    void precedence()
    {
        QSettings settings(m_dir.filePath(u"s.ini"_s), QSettings::IniFormat);
        settings.setValue(qd::SettingsKey::BaseUrl, u"https://from-settings.example"_s);
        settings.setValue(qd::SettingsKey::ClientId, u"settings-id"_s);
        settings.setValue(qd::SettingsKey::Authority, u"https://login.example/settings"_s);

        // Settings beat the default.
        AppSettings a = resolve({}, env({}), &settings);
        QCOMPARE(a.baseUrl, QUrl(u"https://from-settings.example"_s));
        QCOMPARE(a.clientId, u"settings-id"_s);
        QCOMPARE(a.environmentKind(), qd::EnvironmentKind::Custom);

        // The environment beats settings.
        const auto e = env({{u"QUALDESK_BASE_URL"_s, u"http://127.0.0.1:8080"_s},
                            {u"QUALDESK_CLIENT_ID"_s, u"env-id"_s},
                            {u"QUALDESK_AUTHORITY"_s, u"https://login.example/env/"_s},
                            {u"QUALDESK_DATA_DIR"_s, m_dir.filePath(u"env"_s)}});
        a = resolve({}, e, &settings);
        QCOMPARE(a.baseUrl, QUrl(u"http://127.0.0.1:8080"_s));
        QCOMPARE(a.clientId, u"env-id"_s);
        QCOMPARE(a.authority, QUrl(u"https://login.example/env"_s)); // trailing slash dropped
        QCOMPARE(a.dataDir, m_dir.filePath(u"env"_s));

        // The command line beats both.
        a = resolve({u"--base-url"_s, u"https://cli.example"_s, u"--client-id"_s, u"cli-id"_s,
                     u"--data-dir"_s, m_dir.filePath(u"cli"_s), u"--authority"_s,
                     u"https://login.example/cli"_s},
                    e, &settings);
        QCOMPARE(a.baseUrl, QUrl(u"https://cli.example"_s));
        QCOMPARE(a.clientId, u"cli-id"_s);
        QCOMPARE(a.dataDir, m_dir.filePath(u"cli"_s));
        QCOMPARE(a.authority, QUrl(u"https://login.example/cli"_s));
        QVERIFY(a.validate().isEmpty());
    }

    void language_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("setting");
        QTest::addColumn<QString>("lang");
        QTest::addColumn<QString>("expected");
        QTest::newRow("env C") << QStringList{} << QString() << u"C.UTF-8"_s << u"en"_s;
        QTest::newRow("env cs") << QStringList{} << QString() << u"cs_CZ.UTF-8"_s << u"cs"_s;
        // The window's saved choice does not decide for a script: its environment does.
        QTest::newRow("env beats the window's choice")
            << QStringList{} << u"en"_s << u"cs_CZ.UTF-8"_s << u"cs"_s;
        QTest::newRow("env beats the window's choice (en)")
            << QStringList{} << u"cs"_s << u"C.UTF-8"_s << u"en"_s;
        QTest::newRow("option beats env")
            << QStringList{u"--lang"_s, u"cs"_s} << u"en"_s << u"C"_s << u"cs"_s;
        QTest::newRow("option en") << QStringList{u"--lang=en"_s} << u"cs"_s << u"cs_CZ"_s << u"en"_s;
        QTest::newRow("option cs-CZ") << QStringList{u"--lang=cs-CZ"_s} << QString() << QString() << u"cs"_s;
    }

    void language()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, setting);
        QFETCH(QString, lang);
        QFETCH(QString, expected);
        QSettings settings(m_dir.filePath(u"lang.ini"_s), QSettings::IniFormat);
        settings.clear();
        if (!setting.isEmpty())
            settings.setValue(qd::SettingsKey::Language, setting);
        const AppSettings a = resolve(args, env({{u"LANG"_s, lang}}), &settings);
        QCOMPARE(a.language, expected);
        QCOMPARE(a.xLocale(), expected == "cs"_L1 ? u"cs-CZ"_s : u"en-US"_s);
        QVERIFY(a.inputProblems.isEmpty());
    }

    void languageEnvironmentOrder()
    {
        QCOMPARE(
            AppSettings::languageFromEnvironment(env({{u"LANGUAGE"_s, u"cs:en"_s}, {u"LANG"_s, u"en_US"_s}})),
            u"cs"_s);
        QCOMPARE(AppSettings::languageFromEnvironment(
                     env({{u"LC_ALL"_s, u"en_GB.UTF-8"_s}, {u"LANG"_s, u"cs_CZ"_s}})),
                 u"en"_s);
        QCOMPARE(AppSettings::languageFromEnvironment(env({{u"LC_MESSAGES"_s, u"cs_CZ.UTF-8"_s}})), u"cs"_s);
        QCOMPARE(AppSettings::languageFromEnvironment(env({})), u"en"_s);
    }

    void badInput()
    {
        AppSettings a = resolve({u"--lang"_s, u"de"_s}, env({}));
        QCOMPARE(a.validate().size(), 1);
        QVERIFY(a.validate().constFirst().contains(u"\"de\""_s));

        a = resolve({u"--timeout"_s, u"soon"_s}, env({}));
        QCOMPARE(a.validate().size(), 1);
        a = resolve({u"--timeout"_s, u"5"_s}, env({}));
        QCOMPARE(a.requestTimeoutMs, 5000);

        a = resolve({u"--base-url"_s, u"http://partner.example"_s}, env({}));
        QCOMPARE(a.validate().size(), 1);
        QVERIFY(a.validate().constFirst().contains(u"HTTPS"_s));

        a = resolve({u"--authority"_s, u"ftp://login.example"_s}, env({}));
        QCOMPARE(a.validate().size(), 1);
        a = resolve({u"--base-url"_s, u"not a url"_s}, env({}));
        QCOMPARE(a.validate().size(), 1);
    }

    void loopback_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("https") << u"https://api.example"_s << true;
        QTest::newRow("127.0.0.1") << u"http://127.0.0.1:1234"_s << true;
        QTest::newRow("127.1.2.3") << u"http://127.1.2.3"_s << true;
        QTest::newRow("localhost") << u"http://localhost:80/x"_s << true;
        QTest::newRow("::1") << u"http://[::1]:99"_s << true;
        QTest::newRow("lookalike") << u"http://127.0.0.1.evil.example"_s << false;
        QTest::newRow("localhost.evil") << u"http://localhost.evil.example"_s << false;
        QTest::newRow("lan") << u"http://192.168.1.2"_s << false;
        QTest::newRow("no host") << u"https://"_s << false;
    }

    void loopback()
    {
        QFETCH(QString, url);
        QFETCH(bool, allowed);
        QString reason;
        QCOMPARE(AppSettings::isAllowedEndpoint(QUrl(url), &reason), allowed);
        QCOMPARE(reason.isEmpty(), allowed);
    }

    void demoAndSave()
    {
        AppSettings a = resolve({u"--demo"_s, u"--verbose"_s}, env({}));
        QVERIFY(a.demo);
        QVERIFY(a.verbose);
        QCOMPARE(a.environmentKind(), qd::EnvironmentKind::Demo);

        QSettings settings(m_dir.filePath(u"save.ini"_s), QSettings::IniFormat);
        a.baseUrl = QUrl(u"https://saved.example"_s);
        a.clientId = u"saved"_s;
        a.requestTimeoutMs = 7000;
        a.save(settings);
        const AppSettings b = resolve({}, env({}), &settings);
        QCOMPARE(b.baseUrl, a.baseUrl);
        QCOMPARE(b.clientId, a.clientId);
        QCOMPARE(b.requestTimeoutMs, 7000);
    }

    void ensureHistoryDir()
    {
        AppSettings a;
        a.dataDir = m_dir.filePath(u"a/b/c"_s);
        QCOMPARE(a.historyDir(), a.dataDir);
        QVERIFY(a.ensureHistoryDir());
        QVERIFY(QDir(a.dataDir).exists());
        a.demo = true;
        QCOMPARE(a.historyDir(), m_dir.filePath(u"a/b/c/demo"_s));
        QVERIFY(a.ensureHistoryDir());
        QVERIFY(QDir(a.historyDir()).exists());
        a.demo = false;
        QFile blocker(m_dir.filePath(u"file"_s));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        a.dataDir = m_dir.filePath(u"file/sub"_s);
        QString error;
        QVERIFY(!a.ensureHistoryDir(&error));
        QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestAppSettings)
#include "tst_appsettings.moc"
