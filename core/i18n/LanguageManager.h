#pragma once

#include <QLocale>
#include <QObject>
#include <QString>
#include <QStringList>
#include <memory>

class QSettings;
class QTranslator;

namespace qd {

// Chooses the interface language (Czech or English), installs the matching translators (ours from
// :/i18n/ and Qt's own qtbase_<lang>.qm) and sets the default QLocale, so dates and numbers follow.
// Switching installs new translators, which makes Qt send LanguageChange to every widget; views
// retranslate on that event, and code that keeps translated text (models, the X-Locale header)
// listens to languageChanged(). QtCore only: the CLI uses it too.
//
// Language codes are "cs" and "en". An empty preference means "follow the system locale".
class LanguageManager : public QObject
{
    Q_OBJECT
public:
    // settings may be null (nothing is saved); it must outlive the manager.
    explicit LanguageManager(QSettings *settings = nullptr, QObject *parent = nullptr);
    ~LanguageManager() override;

    static QStringList supportedLanguages(); // {"cs", "en"}
    // "cs", "cs_CZ.UTF-8", "cs-CZ", "CS" -> "cs"; "en", "en_GB" -> "en"; anything else -> "".
    static QString normalize(QStringView code);
    // The language's own name for a language menu: "Čeština", "English".
    static QString nativeName(QStringView code);
    // The X-Locale header value: "cs-CZ" or "en-US".
    static QString xLocaleFor(QStringView code);
    static QLocale localeFor(QStringView code);
    // The first supported language among the system's UI languages; "en" when none is.
    static QString systemLanguage();
    // For the CLI: the --lang value when given (normalized; "" when it is not supported, a usage
    // error), otherwise LC_ALL, LC_MESSAGES, LANG in POSIX order; "en" when none names cs or en.
    static QString languageFromEnvironment(const QString &commandLineLanguage = {});

    // Applies a language without saving it: "cs", "en" or "" (the system language).
    // Returns false, changing nothing, for an unsupported code.
    bool apply(const QString &code);
    // Applies the --lang override when given, else the saved preference, else the system language.
    bool applyStartupLanguage(const QString &commandLineLanguage = {});

    // The saved choice: "cs", "en" or "" (follow the system).
    QString preference() const;
    // Saves the choice and applies it at once (the Language menu).
    bool setPreference(const QString &code);

    QString language() const { return m_language; } // the language in effect: "cs" or "en"
    QString xLocale() const { return xLocaleFor(m_language); }
    QLocale locale() const { return localeFor(m_language); }
    // False when Qt's own translation for the current language could not be found (a missing
    // qt6-translations-l10n); our texts are still translated.
    bool hasQtTranslation() const { return m_qtLoaded; }

signals:
    void languageChanged(const QString &language);

private:
    void installTranslators(const QString &language);
    void removeTranslators();

    QSettings *m_settings = nullptr;
    QString m_language;
    bool m_qtLoaded = false;
    std::unique_ptr<QTranslator> m_appTranslator;
    std::unique_ptr<QTranslator> m_qtTranslator;
};

} // namespace qd
