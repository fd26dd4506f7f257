#pragma once

#include <QCoreApplication>
#include <QLocale>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QUrl>

class QCommandLineParser;
class QSettings;

namespace qd {

// Which Partner Center the program talks to; shown in the window title and `whoami`.
enum class EnvironmentKind
{
    Production, // https://api.partnercenter.microsoft.com
    Demo,       // the in-process simulator (--demo)
    Custom,     // any other base URL (a sandbox, a proxy, a simulator process)
};

// Keys QualDesk keeps in QSettings, so the GUI's settings dialog and the CLI agree.
namespace SettingsKey {
inline constexpr QLatin1StringView BaseUrl{"partnerCenter/baseUrl"};
inline constexpr QLatin1StringView Authority{"auth/authority"};
inline constexpr QLatin1StringView ClientId{"auth/clientId"};
inline constexpr QLatin1StringView TimeoutSeconds{"partnerCenter/timeoutSeconds"};
inline constexpr QLatin1StringView Language{"ui/language"};  // "cs", "en" or empty for the system's
inline constexpr QLatin1StringView Proxy{"network/proxy"};   // "system" (or empty), "none" or a proxy URL
inline constexpr QLatin1StringView CaFile{"network/caFile"}; // extra trusted CA certificates (PEM)
inline constexpr QLatin1StringView History{
    "history/server"}; // a team's PostgreSQL URL, never with a password
inline constexpr QLatin1StringView HistoryOffline{"history/offline"}; // work offline (bool)
} // namespace SettingsKey

// The settings both programs start from, resolved once at start-up with a fixed precedence:
// command line > environment variable > QSettings > built-in default. Plain value type: the
// resolver reads what it is handed and touches nothing else, so tests never see the user's files.
struct AppSettings
{
    Q_DECLARE_TR_FUNCTIONS(AppSettings)
public:
    static QUrl defaultBaseUrl();   // https://api.partnercenter.microsoft.com
    static QUrl defaultAuthority(); // https://login.microsoftonline.com/organizations
    static constexpr int DefaultTimeoutSeconds = 30;

    QUrl baseUrl = defaultBaseUrl();
    QUrl authority = defaultAuthority();
    QString clientId;                        // the partner's own app registration; empty = not configured
    QString dataDir;                         // absolute; the history database lives here
    QString language = QStringLiteral("en"); // "cs" or "en"
    int requestTimeoutMs = DefaultTimeoutSeconds * 1000;
    // "system" (or empty: the desktop's proxy, http_proxy/https_proxy/no_proxy), "none", or a
    // proxy URL such as http://user:password@proxy:3128. Never saved with a password.
    QString proxy;
    QString caFile; // PEM file of extra CA certificates to trust (a TLS-inspecting proxy's)
    // A team's history server (postgresql://user@host:5432/database); empty: the history file in
    // historyDir(). Saved without a password (that goes to the keychain).
    QString historyServer;
    // Work offline: the history file in historyDir() even when a server is set; its new rows are
    // pushed to the server, once, when the desk works online again.
    bool offline = false;
    // QUALDESK_BROWSER_WAIT: how long a silent sign-in browser is waited for before the address
    // and a device code are offered.
    int browserWaitMs = 30000;
    bool demo = false;    // run against the in-process simulator
    bool verbose = false; // diagnostic logging on stderr
    // Problems found while reading the inputs (a bad --lang, a non-numeric --timeout), translated.
    QStringList inputProblems;

    EnvironmentKind environmentKind() const;
    static QString environmentName(EnvironmentKind kind); // translated ("Demo", "Production", ...)
    // X-Locale for Partner Center: "cs-CZ" or "en-US".
    QString xLocale() const;
    QLocale locale() const;

    // Every reason these settings cannot be used, translated: inputProblems, then URL rules
    // (HTTPS unless the host is loopback). Empty when usable.
    QStringList validate() const;
    // Where the history lives: dataDir, or its "demo" subfolder with --demo, so simulated
    // submissions never mix with real ones.
    QString historyDir() const;
    // What SubmissionStore::open() is given: the server, unless offline or none is set;
    // otherwise historyDir().
    QString historyLocation() const;
    bool usesHistoryServer() const;
    // Creates historyDir() when missing. False with a translated reason when it cannot be created.
    bool ensureHistoryDir(QString *errorMessage = nullptr) const;
    // Persists what a settings dialog edits (base URL, authority, client ID, timeout, proxy
    // without its password, CA file).
    void save(QSettings &settings) const;
    // Persists only the proxy (without a password) and the CA file.
    void saveNetwork(QSettings &settings) const;
    // Persists only the history server (without a password) and working offline.
    void saveHistory(QSettings &settings) const;

    struct Sources
    {
        const QCommandLineParser *parser = nullptr; // after addCommonOptions + process/parse
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        const QSettings *settings = nullptr;
        // Used when neither --data-dir nor QUALDESK_DATA_DIR is given. Empty: AppDataLocation.
        QString defaultDataDir;
    };
    static AppSettings resolve(const Sources &sources);

    // Organization and application name and version, so both programs share one QSettings
    // file and one AppDataLocation. Call in main() before anything reads settings.
    static void applyApplicationIdentity();

    // Adds --base-url, --authority, --client-id, --lang, --data-dir, --timeout, --proxy,
    // --ca-file, --demo and --verbose, so `qualdesk` and `qualdesk-cli` take the same options.
    static void addCommonOptions(QCommandLineParser &parser);

    // "cs" or "en" from a user value (cs, cs_CZ, cs-CZ, en, en_US, ...); empty when unsupported.
    static QString normalizeLanguage(const QString &text);
    // The language the environment asks for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG): "cs" or "en".
    static QString languageFromEnvironment(const QProcessEnvironment &environment);
    static bool isLoopbackHost(const QString &host);
    // HTTPS, or HTTP to a loopback host. Fills reason (translated) when not allowed.
    static bool isAllowedEndpoint(const QUrl &url, QString *reason = nullptr);
};

} // namespace qd
