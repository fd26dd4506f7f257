#include "i18n/LanguageManager.h"

#include <QCoreApplication>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using qd::LanguageManager;

namespace {

// Counts the LanguageChange events Qt sends to the application when translators change;
// widgets retranslate on exactly these.
class LanguageChangeCounter : public QObject
{
public:
    int count = 0;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::LanguageChange)
            ++count;
        return QObject::eventFilter(watched, event);
    }
};

QString educationText()
{
    return QCoreApplication::translate("Qualifications", "Education", "qualification");
}

// Restores environment variables the test changes.
class EnvGuard
{
public:
    EnvGuard()
    {
        for (const char *name : kNames)
            m_saved.append(qgetenv(name));
    }
    ~EnvGuard()
    {
        for (int i = 0; i < 3; ++i) {
            if (m_saved.at(i).isNull())
                qunsetenv(kNames[i]);
            else
                qputenv(kNames[i], m_saved.at(i));
        }
    }
    EnvGuard(const EnvGuard &) = delete;
    EnvGuard &operator=(const EnvGuard &) = delete;

private:
    static constexpr const char *kNames[3] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    QList<QByteArray> m_saved;
};

} // namespace

class TestLanguageManager : public QObject
{
    Q_OBJECT

private slots:
    void switchesBetweenCzechAndEnglish();
    void loadsQtsOwnCzech();
    void persistsThePreference();
    void commandLineOverridesThePreference();
    void rejectsUnsupportedLanguages();
    void normalizes_data();
    void normalizes();
    void mapsXLocale();
    void readsTheEnvironment_data();
    void readsTheEnvironment();
};

void TestLanguageManager::switchesBetweenCzechAndEnglish()
{
    LanguageManager manager;
    LanguageChangeCounter counter;
    qApp->installEventFilter(&counter);
    QSignalSpy changed(&manager, &LanguageManager::languageChanged);

    QVERIFY(manager.apply(u"cs"_s));
    QCOMPARE(manager.language(), u"cs"_s);
    QCOMPARE(educationText(), u"Vzdělávání"_s);
    QCOMPARE(manager.xLocale(), u"cs-CZ"_s);
    QCOMPARE(QLocale().language(), QLocale::Czech);
    QCOMPARE(QLocale().toString(1234.5, 'f', 1), u"1\u00A0234,5"_s);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toString(), u"cs"_s);
    QVERIFY(counter.count > 0);

    // Applying the same language again is a no-op: no signal, no retranslation.
    const int eventsBefore = counter.count;
    QVERIFY(manager.apply(u"cs_CZ.UTF-8"_s));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(counter.count, eventsBefore);

    QVERIFY(manager.apply(u"en"_s));
    QCOMPARE(educationText(), u"Education"_s);
    QCOMPARE(manager.xLocale(), u"en-US"_s);
    QCOMPARE(QLocale().language(), QLocale::English);
    QCOMPARE(changed.count(), 2);
    QVERIFY(counter.count > eventsBefore);
    qApp->removeEventFilter(&counter);
}

void TestLanguageManager::loadsQtsOwnCzech()
{
    LanguageManager manager;
    QVERIFY(manager.apply(u"cs"_s));
    // Debian's qt6-translations-l10n is a dependency of the build (scripts/deps).
    QVERIFY2(manager.hasQtTranslation(), "qtbase_cs.qm not found");
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), u"Zrušit"_s);
    QVERIFY(manager.apply(u"en"_s));
    QVERIFY(!manager.hasQtTranslation());
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), u"Cancel"_s);
}

void TestLanguageManager::persistsThePreference()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"settings.ini"_s);
    {
        QSettings settings(path, QSettings::IniFormat);
        LanguageManager manager(&settings);
        QCOMPARE(manager.preference(), QString());
        QVERIFY(manager.setPreference(u"cs"_s));
        QCOMPARE(manager.language(), u"cs"_s);
    }
    {
        QSettings settings(path, QSettings::IniFormat);
        LanguageManager manager(&settings);
        QCOMPARE(manager.preference(), u"cs"_s);
        QVERIFY(manager.applyStartupLanguage());
        QCOMPARE(manager.language(), u"cs"_s);
        QCOMPARE(educationText(), u"Vzdělávání"_s);

        // Back to "follow the system": the key goes away and the system language applies.
        QVERIFY(manager.setPreference(QString()));
        QCOMPARE(manager.preference(), QString());
        QCOMPARE(manager.language(), LanguageManager::systemLanguage());
    }
    QSettings settings(path, QSettings::IniFormat);
    QVERIFY(!settings.contains(u"ui/language"_s));
}

void TestLanguageManager::commandLineOverridesThePreference()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
    settings.setValue(u"ui/language"_s, u"cs"_s);
    LanguageManager manager(&settings);
    QVERIFY(manager.applyStartupLanguage(u"en"_s));
    QCOMPARE(manager.language(), u"en"_s);
    QCOMPARE(educationText(), u"Education"_s);
    // The override is not saved.
    QCOMPARE(manager.preference(), u"cs"_s);
}

void TestLanguageManager::rejectsUnsupportedLanguages()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
    LanguageManager manager(&settings);
    QVERIFY(manager.apply(u"en"_s));
    QSignalSpy changed(&manager, &LanguageManager::languageChanged);
    QVERIFY(!manager.apply(u"de"_s));
    QVERIFY(!manager.setPreference(u"klingon"_s));
    QCOMPARE(manager.language(), u"en"_s);
    QCOMPARE(manager.preference(), QString());
    QCOMPARE(changed.count(), 0);
}

void TestLanguageManager::normalizes_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("cs") << u"cs"_s << u"cs"_s;
    QTest::newRow("upper") << u"CS"_s << u"cs"_s;
    QTest::newRow("posix") << u"cs_CZ.UTF-8"_s << u"cs"_s;
    QTest::newRow("bcp47") << u"cs-CZ"_s << u"cs"_s;
    QTest::newRow("modifier") << u"cs_CZ@euro"_s << u"cs"_s;
    QTest::newRow("en_GB") << u"en_GB.UTF-8"_s << u"en"_s;
    QTest::newRow("C") << u"C.UTF-8"_s << QString();
    QTest::newRow("german") << u"de_DE"_s << QString();
    QTest::newRow("prefix only") << u"csx"_s << QString();
    QTest::newRow("empty") << QString() << QString();
}

void TestLanguageManager::normalizes()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(LanguageManager::normalize(input), expected);
}

void TestLanguageManager::mapsXLocale()
{
    QCOMPARE(LanguageManager::xLocaleFor(u"cs"), u"cs-CZ"_s);
    QCOMPARE(LanguageManager::xLocaleFor(u"en"), u"en-US"_s);
    QCOMPARE(LanguageManager::localeFor(u"cs").name(), u"cs_CZ"_s);
    QCOMPARE(LanguageManager::localeFor(u"en").name(), u"en_US"_s);
    QCOMPARE(LanguageManager::nativeName(u"cs"), u"Čeština"_s);
    QCOMPARE(LanguageManager::nativeName(u"en"), u"English"_s);
}

void TestLanguageManager::readsTheEnvironment_data()
{
    QTest::addColumn<QString>("lcAll");
    QTest::addColumn<QString>("lcMessages");
    QTest::addColumn<QString>("lang");
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("expected");
    QTest::newRow("LANG") << QString() << QString() << u"cs_CZ.UTF-8"_s << QString() << u"cs"_s;
    QTest::newRow("LC_MESSAGES over LANG") << QString() << u"cs_CZ"_s << u"en_US"_s << QString() << u"cs"_s;
    QTest::newRow("LC_ALL over all") << u"C.UTF-8"_s << u"cs_CZ"_s << u"cs_CZ"_s << QString() << u"en"_s;
    QTest::newRow("unsupported is English") << QString() << QString() << u"de_DE"_s << QString() << u"en"_s;
    QTest::newRow("nothing set") << QString() << QString() << QString() << QString() << u"en"_s;
    QTest::newRow("--lang wins") << u"cs_CZ"_s << QString() << QString() << u"en"_s << u"en"_s;
    QTest::newRow("--lang cs") << QString() << QString() << u"en_US"_s << u"cs"_s << u"cs"_s;
    QTest::newRow("bad --lang") << QString() << QString() << u"cs_CZ"_s << u"de"_s << QString();
}

void TestLanguageManager::readsTheEnvironment()
{
    QFETCH(QString, lcAll);
    QFETCH(QString, lcMessages);
    QFETCH(QString, lang);
    QFETCH(QString, option);
    QFETCH(QString, expected);
    EnvGuard guard;
    const auto set = [](const char *name, const QString &value) {
        if (value.isEmpty())
            qunsetenv(name);
        else
            qputenv(name, value.toUtf8());
    };
    set("LC_ALL", lcAll);
    set("LC_MESSAGES", lcMessages);
    set("LANG", lang);
    QCOMPARE(LanguageManager::languageFromEnvironment(option), expected);
}

QTEST_GUILESS_MAIN(TestLanguageManager)
#include "tst_languagemanager.moc"
