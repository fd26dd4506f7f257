#include "LanguageManager.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLoggingCategory>
#include <QSettings>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace qd {

Q_LOGGING_CATEGORY(lcI18n, "qualdesk.i18n")

namespace {

const auto kSettingsKey = "ui/language"_L1;

// Where Qt's own translations may live: Qt's configured path first, then Debian's
// qt6-translations-l10n location (the same on Debian, but a relocated Qt may differ).
QStringList qtTranslationDirs()
{
    QStringList dirs{QLibraryInfo::path(QLibraryInfo::TranslationsPath), u"/usr/share/qt6/translations"_s};
    dirs.removeDuplicates();
    return dirs;
}

} // namespace

LanguageManager::LanguageManager(QSettings *settings, QObject *parent) : QObject(parent), m_settings(settings)
{}

LanguageManager::~LanguageManager()
{
    removeTranslators();
}

QStringList LanguageManager::supportedLanguages()
{
    return {u"cs"_s, u"en"_s};
}

QString LanguageManager::normalize(QStringView code)
{
    // Locale names look like cs, cs_CZ, cs-CZ, cs_CZ.UTF-8 or cs_CZ@euro: the language is the
    // part before the first separator.
    qsizetype end = 0;
    while (end < code.size() && code.at(end).isLetter())
        ++end;
    const QString language = code.left(end).toString().toLower();
    return supportedLanguages().contains(language) ? language : QString();
}

QString LanguageManager::nativeName(QStringView code)
{
    const QString language = normalize(code);
    if (language == "cs"_L1)
        return u"Čeština"_s;
    if (language == "en"_L1)
        return u"English"_s;
    return {};
}

QString LanguageManager::xLocaleFor(QStringView code)
{
    return normalize(code) == "cs"_L1 ? u"cs-CZ"_s : u"en-US"_s;
}

QLocale LanguageManager::localeFor(QStringView code)
{
    if (normalize(code) == "cs"_L1)
        return QLocale(QLocale::Czech, QLocale::Czechia);
    return QLocale(QLocale::English, QLocale::UnitedStates);
}

QString LanguageManager::systemLanguage()
{
    const QStringList uiLanguages = QLocale::system().uiLanguages();
    for (const QString &candidate : uiLanguages) {
        const QString language = normalize(candidate);
        if (!language.isEmpty())
            return language;
    }
    return u"en"_s;
}

QString LanguageManager::languageFromEnvironment(const QString &commandLineLanguage)
{
    if (!commandLineLanguage.isEmpty())
        return normalize(commandLineLanguage);
    // POSIX precedence: the first of these that is set decides, even when it names a language
    // we do not have (LC_ALL=C means English, not "look further").
    for (const char *name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        const QString value = qEnvironmentVariable(name);
        if (!value.isEmpty()) {
            const QString language = normalize(value);
            return language.isEmpty() ? u"en"_s : language;
        }
    }
    return u"en"_s;
}

bool LanguageManager::apply(const QString &code)
{
    const QString language = code.isEmpty() ? systemLanguage() : normalize(code);
    if (language.isEmpty())
        return false;
    const bool changed = language != m_language;
    if (changed || !m_appTranslator)
        installTranslators(language);
    if (changed)
        emit languageChanged(m_language);
    return true;
}

bool LanguageManager::applyStartupLanguage(const QString &commandLineLanguage)
{
    if (!commandLineLanguage.isEmpty())
        return apply(commandLineLanguage);
    return apply(preference());
}

QString LanguageManager::preference() const
{
    if (!m_settings)
        return {};
    return normalize(m_settings->value(kSettingsKey).toString());
}

bool LanguageManager::setPreference(const QString &code)
{
    if (!code.isEmpty() && normalize(code).isEmpty())
        return false;
    if (m_settings) {
        if (code.isEmpty())
            m_settings->remove(kSettingsKey);
        else
            m_settings->setValue(kSettingsKey, normalize(code));
    }
    return apply(code);
}

void LanguageManager::installTranslators(const QString &language)
{
    removeTranslators();
    m_language = language;
    QLocale::setDefault(localeFor(language));

    // Qt searches the most recently installed translator first, so ours goes in last and wins.
    m_qtLoaded = false;
    if (language != "en"_L1) {
        auto qt = std::make_unique<QTranslator>();
        const QStringList dirs = qtTranslationDirs();
        for (const QString &dir : dirs) {
            if (qt->load(u"qtbase_"_s + language, dir)) {
                m_qtLoaded = QCoreApplication::installTranslator(qt.get());
                break;
            }
        }
        if (m_qtLoaded)
            m_qtTranslator = std::move(qt);
        else
            qCDebug(lcI18n) << "Qt's own translation qtbase_" << language << "not found in" << dirs;
    }

    auto app = std::make_unique<QTranslator>();
    if (app->load(u":/i18n/qualdesk_"_s + language + u".qm"_s) &&
        QCoreApplication::installTranslator(app.get())) {
        m_appTranslator = std::move(app);
    } else if (language != "en"_L1) {
        qCWarning(lcI18n) << "Missing embedded translation for" << language;
    } else {
        // English is the source language; its file only carries plural forms and is empty
        // (so it does not load) until some string uses %n.
        qCDebug(lcI18n) << "No English plural forms embedded";
    }
}

void LanguageManager::removeTranslators()
{
    if (m_appTranslator)
        QCoreApplication::removeTranslator(m_appTranslator.get());
    if (m_qtTranslator)
        QCoreApplication::removeTranslator(m_qtTranslator.get());
    m_appTranslator.reset();
    m_qtTranslator.reset();
}

} // namespace qd
