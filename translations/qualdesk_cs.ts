<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="cs_CZ">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About QualDesk</source>
        <translation>O aplikaci QualDesk</translation>
    </message>
    <message>
        <source>Look up Microsoft Partner Center customers, read their qualifications and vetting status, and submit Education, Government Community Cloud and State-owned entity qualifications.</source>
        <translation>Vyhledávejte zákazníky v&#xa0;Partnerském centru Microsoftu, zjišťujte jejich kvalifikace a&#xa0;stav prověření a&#xa0;odesílejte kvalifikace Vzdělávání, Government Community Cloud a&#xa0;Subjekt vlastněný státem.</translation>
    </message>
    <message>
        <source>Licenses</source>
        <translation>Licence</translation>
    </message>
    <message>
        <source>License</source>
        <translation>Licence</translation>
    </message>
    <message>
        <source>QualDesk license</source>
        <translation>Licence aplikace QualDesk</translation>
    </message>
    <message>
        <source>Third-party software</source>
        <translation>Software třetích stran</translation>
    </message>
    <message>
        <source>Third-party notices</source>
        <translation>Upozornění k&#xa0;softwaru třetích stran</translation>
    </message>
</context>
<context>
    <name>AccountBar</name>
    <message>
        <source>Environment</source>
        <translation>Prostředí</translation>
    </message>
    <message>
        <source>Signed-in user</source>
        <translation>Přihlášený uživatel</translation>
    </message>
    <message>
        <source>Account and partner tenant</source>
        <translation>Účet a tenant partnera</translation>
    </message>
    <message>
        <source>Sign-in message</source>
        <translation>Zpráva o přihlášení</translation>
    </message>
    <message>
        <source>Signing in</source>
        <translation>Přihlašování</translation>
    </message>
    <message>
        <source>Copy link</source>
        <translation>Kopírovat odkaz</translation>
    </message>
    <message>
        <source>Copy the sign-in address to open it in a browser yourself</source>
        <translation>Zkopírovat adresu přihlášení a otevřít ji v prohlížeči ručně</translation>
    </message>
    <message>
        <source>Copy sign-in link</source>
        <translation>Kopírovat odkaz pro přihlášení</translation>
    </message>
    <message>
        <source>Use a code instead</source>
        <translation>Použít raději kód</translation>
    </message>
    <message>
        <source>Sign in on another device with a one-time code</source>
        <translation>Přihlásit se na jiném zařízení pomocí jednorázového kódu</translation>
    </message>
    <message>
        <source>Sign in with a device code</source>
        <translation>Přihlásit se pomocí kódu zařízení</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Zrušit</translation>
    </message>
    <message>
        <source>Cancel sign-in</source>
        <translation>Zrušit přihlášení</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Přihlásit se</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Odhlásit se</translation>
    </message>
</context>
<context>
    <name>ApiError</name>
    <message>
        <source>The input is not valid. Nothing was sent to Partner Center.</source>
        <translation>Zadání není platné. Do Partnerského centra nebylo nic odesláno.</translation>
    </message>
    <message>
        <source>Access denied. Your account does not have the required role or relationship with this customer.</source>
        <translation>Přístup byl odepřen. Váš účet nemá potřebnou roli nebo vztah k tomuto zákazníkovi.</translation>
    </message>
    <message>
        <source>Partner Center could not find the customer, or it is not one of your customers.</source>
        <translation>Partnerské centrum zákazníka nenašlo, nebo to není váš zákazník.</translation>
    </message>
    <message>
        <source>Partner Center refused the request because it conflicts with the customer&apos;s current state, for example a qualification the customer already has.</source>
        <translation>Partnerské centrum požadavek odmítlo, protože je v rozporu se současným stavem zákazníka, například zákazník tuto kvalifikaci už má.</translation>
    </message>
    <message>
        <source>Partner Center refused the request (HTTP %1).</source>
        <translation>Partnerské centrum požadavek odmítlo (HTTP %1).</translation>
    </message>
    <message>
        <source>Partner Center requires multi-factor authentication (MFA). Sign in again and complete the MFA prompt.</source>
        <translation>Partnerské centrum vyžaduje přihlášení s vícefaktorovým ověřováním (MFA). Přihlaste se znovu a dokončete ověření MFA.</translation>
    </message>
    <message>
        <source>Your sign-in has expired. Sign in again.</source>
        <translation>Platnost přihlášení vypršela. Přihlaste se znovu.</translation>
    </message>
    <message>
        <source>You are not signed in. Sign in to continue.</source>
        <translation>Nejste přihlášeni. Pokračujte přihlášením.</translation>
    </message>
    <message numerus="yes">
        <source>Partner Center is receiving too many requests. Try again in %n second(s).</source>
        <translation>
            <numerusform>Příliš mnoho požadavků. Zkuste to znovu za %n sekundu.</numerusform>
            <numerusform>Příliš mnoho požadavků. Zkuste to znovu za %n sekundy.</numerusform>
            <numerusform>Příliš mnoho požadavků. Zkuste to znovu za %n sekund.</numerusform>
        </translation>
    </message>
    <message>
        <source>Partner Center is receiving too many requests. Try again later.</source>
        <translation>Příliš mnoho požadavků. Zkuste to znovu později.</translation>
    </message>
    <message>
        <source>Partner Center had a server error (%1). Try again later.</source>
        <translation>Chyba serveru Partnerského centra (%1). Zkuste to znovu později.</translation>
    </message>
    <message>
        <source>Partner Center did not answer in time. Check your network connection and try again.</source>
        <translation>Časový limit požadavku vypršel. Zkontrolujte připojení k síti a zkuste to znovu.</translation>
    </message>
    <message>
        <source>Could not reach Partner Center. Check your network connection and try again.</source>
        <translation>Chyba sítě. Nepodařilo se připojit k Partnerskému centru. Zkontrolujte připojení k internetu a zkuste to znovu.</translation>
    </message>
    <message>
        <source>The request may still have reached Partner Center.</source>
        <translation>Požadavek možná přesto do Partnerského centra dorazil.</translation>
    </message>
    <message>
        <source>It is not known whether Partner Center accepted the submission. Refresh the customer&apos;s qualifications before sending it again.</source>
        <translation>Nelze zjistit, zda Partnerské centrum žádost přijalo. Než ji odešlete znovu, obnovte kvalifikace zákazníka.</translation>
    </message>
    <message>
        <source>Partner Center sent an answer QualDesk could not understand.</source>
        <translation>Partnerské centrum poslalo odpověď, které QualDesk nerozumí.</translation>
    </message>
    <message>
        <source>The request was cancelled.</source>
        <translation>Požadavek byl zrušen.</translation>
    </message>
    <message>
        <source>Partner Center said: &quot;%1&quot;</source>
        <translation>Partnerské centrum odpovědělo: „%1“</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Chyba: %1</translation>
    </message>
    <message>
        <source>HTTP status: %1</source>
        <translation>Stav HTTP: %1</translation>
    </message>
    <message>
        <source>Error code: %1</source>
        <translation>Kód chyby: %1</translation>
    </message>
    <message>
        <source>Partner Center said: %1</source>
        <translation>Partnerské centrum odpovědělo: %1</translation>
    </message>
    <message>
        <source>Input: %1</source>
        <translation>Zadání: %1</translation>
    </message>
    <message>
        <source>Detail: %1</source>
        <translation>Podrobnosti: %1</translation>
    </message>
    <message numerus="yes">
        <source>Retry after: %n second(s)</source>
        <translation>
            <numerusform>Nový pokus za: %n sekundu</numerusform>
            <numerusform>Nový pokus za: %n sekundy</numerusform>
            <numerusform>Nový pokus za: %n sekund</numerusform>
        </translation>
    </message>
    <message>
        <source>MFA required: yes</source>
        <translation>Vyžadováno MFA: ano</translation>
    </message>
    <message>
        <source>Timed out: yes</source>
        <translation>Vypršel časový limit: ano</translation>
    </message>
    <message>
        <source>May have reached Partner Center: yes</source>
        <translation>Mohlo dorazit do Partnerského centra: ano</translation>
    </message>
    <message>
        <source>Request ID (MS-RequestId): %1</source>
        <translation>ID požadavku (MS-RequestId): %1</translation>
    </message>
    <message>
        <source>Correlation ID (MS-CorrelationId): %1</source>
        <translation>ID korelace (MS-CorrelationId): %1</translation>
    </message>
    <message>
        <source>The proxy %1 refused the user name and password. Check them, or give them in the proxy address (http://user:password@host:port).</source>
        <translation>Proxy server %1 odmítl uživatelské jméno a heslo. Zkontrolujte je, nebo je uveďte v adrese proxy serveru (http://uživatel:heslo@server:port).</translation>
    </message>
    <message>
        <source>The proxy %1 cannot be reached. Check the proxy setting (Settings, --proxy or QUALDESK_PROXY).</source>
        <translation>Proxy server %1 není dostupný. Zkontrolujte nastavení proxy serveru (Nastavení, --proxy nebo QUALDESK_PROXY).</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not trusted (%1). If your company&apos;s network inspects TLS, add its CA certificate file in Settings or QUALDESK_CA_FILE.</source>
        <translation>Certifikát serveru není důvěryhodný (%1). Pokud síť vaší společnosti kontroluje provoz TLS, přidejte soubor s jejím certifikátem certifikační autority v Nastavení nebo v QUALDESK_CA_FILE.</translation>
    </message>
</context>
<context>
    <name>AppSettings</name>
    <message>
        <source>Production</source>
        <translation>Produkce</translation>
    </message>
    <message>
        <source>Demo (simulated Partner Center)</source>
        <translation>Ukázka (simulované Partnerské centrum)</translation>
    </message>
    <message>
        <source>Custom server</source>
        <translation>Vlastní server</translation>
    </message>
    <message>
        <source>Partner Center address: %1</source>
        <translation>Adresa Partnerského centra: %1</translation>
    </message>
    <message>
        <source>Sign-in authority: %1</source>
        <translation>Přihlašovací autorita: %1</translation>
    </message>
    <message>
        <source>No data folder is configured.</source>
        <translation>Není nastavena složka pro data.</translation>
    </message>
    <message>
        <source>The data folder &quot;%1&quot; cannot be created.</source>
        <translation>Složku pro data „%1“ nelze vytvořit.</translation>
    </message>
    <message>
        <source>Unsupported language &quot;%1&quot;: use cs or en.</source>
        <translation>Nepodporovaný jazyk „%1“: použijte cs nebo en.</translation>
    </message>
    <message>
        <source>The request timeout must be a number of seconds between 1 and 3600, not &quot;%1&quot;.</source>
        <translation>Časový limit požadavku musí být počet sekund od 1 do 3600, ne „%1“.</translation>
    </message>
    <message>
        <source>Partner Center address (default %1; environment QUALDESK_BASE_URL).</source>
        <translation>Adresa Partnerského centra (výchozí %1; proměnná prostředí QUALDESK_BASE_URL).</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Sign-in authority (default %1; environment QUALDESK_AUTHORITY).</source>
        <translation>Přihlašovací autorita (výchozí %1; proměnná prostředí QUALDESK_AUTHORITY).</translation>
    </message>
    <message>
        <source>Application (client) ID of your app registration (environment QUALDESK_CLIENT_ID).</source>
        <translation>ID aplikace (klienta) vaší registrace aplikace (proměnná prostředí QUALDESK_CLIENT_ID).</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Language of messages: cs or en (default: the system&apos;s).</source>
        <translation>Jazyk zpráv: cs nebo en (výchozí: podle systému).</translation>
    </message>
    <message>
        <source>LANG</source>
        <translation>JAZYK</translation>
    </message>
    <message>
        <source>Folder for the submission history (environment QUALDESK_DATA_DIR).</source>
        <translation>Složka pro historii žádostí (proměnná prostředí QUALDESK_DATA_DIR).</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>SLOŽKA</translation>
    </message>
    <message>
        <source>Timeout of one network request, in seconds (default %1).</source>
        <translation>Časový limit jednoho síťového požadavku v sekundách (výchozí %1).</translation>
    </message>
    <message>
        <source>SECONDS</source>
        <translation>SEKUNDY</translation>
    </message>
    <message>
        <source>Use a built-in simulated Partner Center instead of the real one.</source>
        <translation>Použít vestavěné simulované Partnerské centrum místo skutečného.</translation>
    </message>
    <message>
        <source>Print diagnostic messages (never any token).</source>
        <translation>Vypisovat diagnostické zprávy (nikdy žádný token).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid address.</source>
        <translation>„%1“ není platná adresa.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must use HTTPS (plain HTTP is allowed only for this computer).</source>
        <translation>„%1“ musí používat HTTPS (prosté HTTP je povoleno jen pro tento počítač).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be an https:// address.</source>
        <translation>„%1“ musí být adresa https://.</translation>
    </message>
    <message>
        <source>Proxy: system (default), none, or a URL such as http://user:password@proxy:3128 (environment QUALDESK_PROXY).</source>
        <translation>Proxy server: system (výchozí), none, nebo URL, například http://uživatel:heslo@proxy:3128 (proměnná prostředí QUALDESK_PROXY).</translation>
    </message>
    <message>
        <source>PEM file of extra CA certificates to trust, such as a company proxy&apos;s (environment QUALDESK_CA_FILE).</source>
        <translation>Soubor PEM s dalšími důvěryhodnými certifikáty certifikačních autorit, například proxy serveru společnosti (proměnná prostředí QUALDESK_CA_FILE).</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>SOUBOR</translation>
    </message>
    <message>
        <source>A team&apos;s history server, such as postgresql://user@host:5432/database, or local for this computer&apos;s own history (environment QUALDESK_HISTORY). The password comes from the keychain, ~/.pgpass or the URL.</source>
        <translation>Server historie týmu, například postgresql://uživatel@server:5432/databáze, nebo local pro vlastní historii tohoto počítače (proměnná prostředí QUALDESK_HISTORY). Heslo se vezme ze systémového úložiště přihlašovacích údajů, ze souboru ~/.pgpass nebo z&#xa0;URL.</translation>
    </message>
    <message>
        <source>Work offline: keep new submissions in this computer&apos;s history and push them to the team&apos;s history server once it can be reached again (environment QUALDESK_OFFLINE=1).</source>
        <translation>Pracovat offline: nové žádosti se uloží do historie tohoto počítače a&#xa0;na server historie týmu se odešlou, jakmile bude opět dostupný (proměnná prostředí QUALDESK_OFFLINE=1).</translation>
    </message>
</context>
<context>
    <name>AuthConfig</name>
    <message>
        <source>No client ID is configured. Register QualDesk as a &quot;Mobile and desktop&quot; application in your partner tenant and set its client ID in the settings, with --client-id or in QUALDESK_CLIENT_ID.</source>
        <translation>Není nastaveno ID klienta. Zaregistrujte QualDesk ve svém partnerském tenantu jako aplikaci typu „Mobilní a desktopové aplikace“ a zadejte její ID klienta v nastavení, pomocí --client-id nebo v proměnné QUALDESK_CLIENT_ID.</translation>
    </message>
    <message>
        <source>The sign-in authority &quot;%1&quot; is not a valid address.</source>
        <translation>Přihlašovací autorita „%1“ není platná adresa.</translation>
    </message>
    <message>
        <source>The sign-in authority &quot;%1&quot; must use HTTPS.</source>
        <translation>Přihlašovací autorita „%1“ musí používat HTTPS.</translation>
    </message>
    <message>
        <source>No sign-in scope is configured.</source>
        <translation>Není nastaven rozsah oprávnění pro přihlášení.</translation>
    </message>
</context>
<context>
    <name>BulkCommand</name>
    <message>
        <source>%1/%2 done, %3 accepted, %4 refused, %5 failed, %6 unknown</source>
        <translation>hotovo %1/%2, přijato %3, odmítnuto %4, nezdařilo se %5, neznámých %6</translation>
    </message>
    <message>
        <source>%1 rows/s, %2 left</source>
        <translation>%1 řádků/s, zbývá %2</translation>
    </message>
    <message>
        <source>(throttled, waiting %1)</source>
        <translation>(omezování počtu požadavků, čeká se %1)</translation>
    </message>
    <message>
        <source>Submit the qualifications listed in a CSV file as one resumable run.</source>
        <translation>Odeslat kvalifikace uvedené v souboru CSV jako jeden běh, který lze obnovit.</translation>
    </message>
    <message>
        <source>Requests at once (1-64, default 4).</source>
        <translation>Počet souběžných požadavků (1–64, výchozí 4).</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>Check the file and print its problems; send nothing.</source>
        <translation>Zkontrolovat soubor a vypsat jeho problémy; nic neodesílat.</translation>
    </message>
    <message>
        <source>Skip reading which customers already hold the qualification.</source>
        <translation>Nezjišťovat, kteří zákazníci už kvalifikaci mají.</translation>
    </message>
    <message>
        <source>Continue an interrupted run (the most recent unfinished one without RUN_ID).</source>
        <translation>Pokračovat v přerušeném běhu (bez ID_BĚHU v posledním nedokončeném).</translation>
    </message>
    <message>
        <source>--concurrency needs a whole number from 1 to 64, not &quot;%1&quot;.</source>
        <translation>--concurrency vyžaduje celé číslo od 1 do 64, ne „%1“.</translation>
    </message>
    <message>
        <source>--resume takes at most one run ID.</source>
        <translation>--resume přijímá nejvýše jedno ID běhu.</translation>
    </message>
    <message>
        <source>Give one CSV file.</source>
        <translation>Zadejte jeden soubor CSV.</translation>
    </message>
    <message>
        <source>There is no unfinished bulk run to resume.</source>
        <translation>Není žádný nedokončený hromadný běh, ve kterém by šlo pokračovat.</translation>
    </message>
    <message numerus="yes">
        <source>Checking %n customer(s) at Partner Center...</source>
        <translation>
            <numerusform>Kontroluje se %n zákazník v Partnerském centru…</numerusform>
            <numerusform>Kontrolují se %n zákazníci v Partnerském centru…</numerusform>
            <numerusform>Kontroluje se %n zákazníků v Partnerském centru…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Bulk run %1 started: %n row(s) to send.</source>
        <translation>
            <numerusform>Hromadný běh %1 zahájen: k odeslání je %n řádek.</numerusform>
            <numerusform>Hromadný běh %1 zahájen: k odeslání jsou %n řádky.</numerusform>
            <numerusform>Hromadný běh %1 zahájen: k odeslání je %n řádků.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) skipped because of problems (listed at the end).</source>
        <translation>
            <numerusform>%n řádek byl kvůli problémům vynechán (seznam je na konci).</numerusform>
            <numerusform>%n řádky byly kvůli problémům vynechány (seznam je na konci).</numerusform>
            <numerusform>%n řádků bylo kvůli problémům vynecháno (seznam je na konci).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Bulk run %1 resumed: %n row(s) to settle or send.</source>
        <translation>
            <numerusform>Hromadný běh %1 obnoven: k ověření nebo odeslání je %n řádek.</numerusform>
            <numerusform>Hromadný běh %1 obnoven: k ověření nebo odeslání jsou %n řádky.</numerusform>
            <numerusform>Hromadný běh %1 obnoven: k ověření nebo odeslání je %n řádků.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Partner Center asks to slow down; waiting %n second(s).</source>
        <translation>
            <numerusform>Partnerské centrum žádá o zpomalení; čeká se %n sekundu.</numerusform>
            <numerusform>Partnerské centrum žádá o zpomalení; čeká se %n sekundy.</numerusform>
            <numerusform>Partnerské centrum žádá o zpomalení; čeká se %n sekund.</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopping; continue later with: qualdesk-cli bulk --resume %1</source>
        <translation>Zastavuje se; později pokračujte příkazem: qualdesk-cli bulk --resume %1</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Řádek</translation>
    </message>
    <message>
        <source>Tenant ID</source>
        <translation>ID tenanta</translation>
    </message>
    <message>
        <source>Qualification</source>
        <translation>Kvalifikace</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problém</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) can be sent</source>
        <translation>
            <numerusform>Lze odeslat %n řádek</numerusform>
            <numerusform>Lze odeslat %n řádky</numerusform>
            <numerusform>Lze odeslat %n řádků</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) have problems.</source>
        <translation>
            <numerusform>%n řádek má problémy.</numerusform>
            <numerusform>%n řádky mají problémy.</numerusform>
            <numerusform>%n řádků má problémy.</numerusform>
        </translation>
    </message>
    <message>
        <source>State</source>
        <translation>Stav</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Zpráva</translation>
    </message>
    <message>
        <source>Bulk run %1: %2</source>
        <translation>Hromadný běh %1: %2</translation>
    </message>
    <message>
        <source>FILE.csv [--concurrency N] [--max-wait SECONDS] [--dry-run] [--no-check]
--resume [RUN_ID]</source>
        <translation>SOUBOR.csv [--concurrency N] [--max-wait SEKUNDY] [--dry-run] [--no-check]
--resume [ID_BĚHU]</translation>
    </message>
    <message>
        <source>Longest wait Partner Center may ask for (429 or 503) before the run stops, leaving the rest for --resume (seconds, default 120).</source>
        <translation>Nejdelší čekání, o které může Partnerské centrum požádat (429 nebo 503), než se běh zastaví a zbytek nechá pro --resume (v sekundách, výchozí 120).</translation>
    </message>
    <message>
        <source>SECONDS</source>
        <translation>SEKUNDY</translation>
    </message>
    <message>
        <source>--max-wait needs a whole number of seconds from 1 to 86400, not &quot;%1&quot;.</source>
        <translation>--max-wait vyžaduje celý počet sekund od 1 do 86400, ne „%1“.</translation>
    </message>
</context>
<context>
    <name>BulkInput</name>
    <message>
        <source>Line %1: the column &quot;%2&quot; is not used and is ignored.</source>
        <translation>Řádek %1: sloupec „%2“ se nepoužívá a bude ignorován.</translation>
    </message>
    <message>
        <source>Line %1: the column &quot;%2&quot; appears twice.</source>
        <translation>Řádek %1: sloupec „%2“ je uveden dvakrát.</translation>
    </message>
    <message>
        <source>Line %1: the header must name the columns %2 (found: %3). Columns are tenantId (or customerId), qualification, segment, website and validationCode.</source>
        <translation>Řádek %1: záhlaví musí obsahovat sloupce %2 (nalezeno: %3). Sloupce jsou tenantId (nebo customerId), qualification, segment, website a validationCode.</translation>
    </message>
    <message>
        <source>Line %1 has more fields than the header; the extra ones are ignored.</source>
        <translation>Řádek %1 má víc polí než záhlaví; nadbytečná pole budou ignorována.</translation>
    </message>
    <message numerus="yes">
        <source>%n more line(s) have more fields than the header.</source>
        <translation>
            <numerusform>Další %n řádek má víc polí než záhlaví.</numerusform>
            <numerusform>Další %n řádky mají víc polí než záhlaví.</numerusform>
            <numerusform>Dalších %n řádků má víc polí než záhlaví.</numerusform>
        </translation>
    </message>
    <message>
        <source>The file has a header but no rows.</source>
        <translation>Soubor má záhlaví, ale žádné řádky.</translation>
    </message>
    <message>
        <source>Paste at least one tenant ID.</source>
        <translation>Vložte alespoň jedno ID tenanta.</translation>
    </message>
</context>
<context>
    <name>BulkPanel</name>
    <message>
        <source>Continue the run</source>
        <translation>Pokračovat v běhu</translation>
    </message>
    <message>
        <source>Continue the interrupted bulk run</source>
        <translation>Pokračovat v přerušeném hromadném běhu</translation>
    </message>
    <message>
        <source>&amp;Open CSV…</source>
        <translation>&amp;Otevřít CSV…</translation>
    </message>
    <message>
        <source>Choose a CSV file with the columns tenantId, qualification, segment, website and validationCode (or drop one here)</source>
        <translation>Vyberte soubor CSV se sloupci tenantId, qualification, segment, website a validationCode (nebo ho sem přetáhněte)</translation>
    </message>
    <message>
        <source>Open a CSV file</source>
        <translation>Otevřít soubor CSV</translation>
    </message>
    <message>
        <source>Open or drop a CSV file, or paste tenant IDs below.</source>
        <translation>Otevřete nebo přetáhněte soubor CSV, nebo níže vložte ID tenantů.</translation>
    </message>
    <message>
        <source>Check existing qualifications</source>
        <translation>Zkontrolovat stávající kvalifikace</translation>
    </message>
    <message>
        <source>Read each customer&apos;s qualifications first and skip the ones that already hold it</source>
        <translation>Nejdřív načíst kvalifikace každého zákazníka a vynechat ty, kteří kvalifikaci už mají</translation>
    </message>
    <message>
        <source>Paste tenant IDs</source>
        <translation>Vložit ID tenantů</translation>
    </message>
    <message>
        <source>One tenant ID per line (commas and spaces also separate)</source>
        <translation>Jedno ID tenanta na řádek (oddělovat lze i čárkami a mezerami)</translation>
    </message>
    <message>
        <source>Pasted tenant IDs</source>
        <translation>Vložená ID tenantů</translation>
    </message>
    <message>
        <source>Qualification for every pasted customer</source>
        <translation>Kvalifikace pro všechny vložené zákazníky</translation>
    </message>
    <message>
        <source>Education segment</source>
        <translation>Segment vzdělávání</translation>
    </message>
    <message>
        <source>Website (optional)</source>
        <translation>Web instituce (nepovinné)</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>Web instituce</translation>
    </message>
    <message>
        <source>Validation code</source>
        <translation>Ověřovací kód</translation>
    </message>
    <message>
        <source>GCC validation code</source>
        <translation>Ověřovací kód GCC</translation>
    </message>
    <message>
        <source>&amp;Check pasted list</source>
        <translation>&amp;Zkontrolovat vložený seznam</translation>
    </message>
    <message>
        <source>Check the pasted list</source>
        <translation>Zkontrolovat vložený seznam</translation>
    </message>
    <message>
        <source>Show rows</source>
        <translation>Zobrazit řádky</translation>
    </message>
    <message>
        <source>Filter by tenant ID, customer or message</source>
        <translation>Filtrovat podle ID tenanta, zákazníka nebo zprávy</translation>
    </message>
    <message>
        <source>Filter rows</source>
        <translation>Filtrovat řádky</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportovat…</translation>
    </message>
    <message>
        <source>Save every row with its result to a CSV file</source>
        <translation>Uložit všechny řádky s výsledky do souboru CSV</translation>
    </message>
    <message>
        <source>Export results to CSV</source>
        <translation>Exportovat výsledky do CSV</translation>
    </message>
    <message>
        <source>Bulk rows and results</source>
        <translation>Řádky a výsledky hromadného běhu</translation>
    </message>
    <message>
        <source>Bulk run progress</source>
        <translation>Průběh hromadného běhu</translation>
    </message>
    <message>
        <source>Requests at &amp;once:</source>
        <translation>&amp;Souběžné požadavky:</translation>
    </message>
    <message>
        <source>Requests at once</source>
        <translation>Souběžné požadavky</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Spustit</translation>
    </message>
    <message>
        <source>Start the bulk run</source>
        <translation>Spustit hromadný běh</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pozastavit</translation>
    </message>
    <message>
        <source>Pause or resume the bulk run</source>
        <translation>Pozastavit nebo obnovit hromadný běh</translation>
    </message>
    <message>
        <source>Ca&amp;ncel</source>
        <translation>&amp;Zrušit</translation>
    </message>
    <message>
        <source>Cancel the bulk run</source>
        <translation>Zrušit hromadný běh</translation>
    </message>
</context>
<context>
    <name>BulkProgress</name>
    <message numerus="yes">
        <source>%n at once</source>
        <translation>
            <numerusform>%n souběžně</numerusform>
            <numerusform>%n souběžně</numerusform>
            <numerusform>%n souběžně</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, paced to %2/min</source>
        <translation>%1, tempo %2/min</translation>
    </message>
</context>
<context>
    <name>BulkResults</name>
    <message>
        <source>Invalid</source>
        <translation>Neplatné</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Čeká</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Odesílá se</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Přijato</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Odmítnuto</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Nezdařilo se</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Neznámé</translation>
    </message>
    <message>
        <source>Cannot write &quot;%1&quot;: %2</source>
        <translation>Nelze zapsat „%1“: %2</translation>
    </message>
</context>
<context>
    <name>BulkSummary</name>
    <message>
        <source>%1 accepted, %2 refused, %3 failed, %4 unknown, %5 invalid.</source>
        <translation>Přijato: %1, odmítnuto: %2, nezdařilo se: %3, neznámých: %4, neplatných: %5.</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) not sent yet; resume the run to send them.</source>
        <translation>
            <numerusform>%n řádek zatím nebyl odeslán; odešlete ho obnovením běhu.</numerusform>
            <numerusform>%n řádky zatím nebyly odeslány; odešlete je obnovením běhu.</numerusform>
            <numerusform>%n řádků zatím nebylo odesláno; odešlete je obnovením běhu.</numerusform>
        </translation>
    </message>
    <message>
        <source>The run was cancelled.</source>
        <translation>Běh byl zrušen.</translation>
    </message>
</context>
<context>
    <name>BulkValidator</name>
    <message>
        <source>The tenant ID is missing.</source>
        <translation>Chybí ID tenanta.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a tenant ID. Enter a GUID in the form 00000000-0000-0000-0000-000000000000.</source>
        <translation>„%1“ není ID tenanta. Zadejte GUID ve tvaru 00000000-0000-0000-0000-000000000000.</translation>
    </message>
    <message>
        <source>Same customer and qualification as line %1; this row is skipped.</source>
        <translation>Stejný zákazník a kvalifikace jako na řádku %1; tento řádek bude vynechán.</translation>
    </message>
</context>
<context>
    <name>ClearButtonName</name>
    <message>
        <source>Clear</source>
        <comment>the clear button inside a text field</comment>
        <translation>Vymazat</translation>
    </message>
    <message>
        <source>Clear the field</source>
        <translation>Vymazat pole</translation>
    </message>
</context>
<context>
    <name>CliApp</name>
    <message>
        <source>No command given.</source>
        <translation>Nebyl zadán žádný příkaz.</translation>
    </message>
    <message>
        <source>Unknown command &quot;%1&quot;.</source>
        <translation>Neznámý příkaz „%1“.</translation>
    </message>
    <message>
        <source>The demo service could not start: %1</source>
        <translation>Ukázkovou službu se nepodařilo spustit: %1</translation>
    </message>
    <message>
        <source>Demo Partner Center at %1</source>
        <translation>Ukázkové Partnerské centrum na adrese %1</translation>
    </message>
    <message>
        <source>Using the stored sign-in.</source>
        <translation>Používá se uložené přihlášení.</translation>
    </message>
    <message>
        <source>Using the access token from QUALDESK_ACCESS_TOKEN.</source>
        <translation>Používá se přístupový token z QUALDESK_ACCESS_TOKEN.</translation>
    </message>
</context>
<context>
    <name>CliOptions</name>
    <message>
        <source>Print results as JSON on standard output.</source>
        <translation>Vypsat výsledky jako JSON na standardní výstup.</translation>
    </message>
    <message>
        <source>Show help (for a command: qualdesk-cli COMMAND --help).</source>
        <translation>Zobrazit nápovědu (pro příkaz: qualdesk-cli PŘÍKAZ --help).</translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation>Zobrazit verzi.</translation>
    </message>
    <message>
        <source>Usage: qualdesk-cli [options] COMMAND [arguments]</source>
        <translation>Použití: qualdesk-cli [volby] PŘÍKAZ [argumenty]</translation>
    </message>
    <message>
        <source>Look up Partner Center customers, read their qualifications and submit new ones.</source>
        <translation>Vyhledávání zákazníků v Partnerském centru, čtení jejich kvalifikací a odesílání nových.</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>Příkazy:</translation>
    </message>
    <message>
        <source>Environment:</source>
        <translation>Proměnné prostředí:</translation>
    </message>
    <message>
        <source>  QUALDESK_ACCESS_TOKEN  a bearer token for automation; when set, the stored sign-in is not used</source>
        <translation>  QUALDESK_ACCESS_TOKEN  token typu Bearer pro automatizaci; je-li nastaven, uložené přihlášení se nepoužije</translation>
    </message>
    <message>
        <source>  QUALDESK_BASE_URL, QUALDESK_AUTHORITY, QUALDESK_CLIENT_ID, QUALDESK_DATA_DIR, QUALDESK_TIMEOUT</source>
        <translation>  QUALDESK_BASE_URL, QUALDESK_AUTHORITY, QUALDESK_CLIENT_ID, QUALDESK_DATA_DIR, QUALDESK_TIMEOUT</translation>
    </message>
    <message>
        <source>                         defaults for the options of the same name</source>
        <translation>                         výchozí hodnoty stejnojmenných voleb</translation>
    </message>
    <message>
        <source>Usage: qualdesk-cli [options] %1</source>
        <translation>Použití: qualdesk-cli [volby] %1</translation>
    </message>
    <message>
        <source>Run qualdesk-cli --help for the commands and options.</source>
        <translation>Příkazy a volby vypíše qualdesk-cli --help.</translation>
    </message>
    <message>
        <source>Run qualdesk-cli %1 --help for its options.</source>
        <translation>Volby příkazu vypíše qualdesk-cli %1 --help.</translation>
    </message>
</context>
<context>
    <name>CliText</name>
    <message>
        <source>Request ID: %1</source>
        <translation>ID požadavku: %1</translation>
    </message>
    <message>
        <source>Correlation ID: %1</source>
        <translation>ID korelace: %1</translation>
    </message>
    <message>
        <source>Signing in to the demo service failed: %1</source>
        <translation>Přihlášení k ukázkové službě se nezdařilo: %1</translation>
    </message>
    <message>
        <source>Restoring the stored sign-in.</source>
        <translation>Obnovuje se uložené přihlášení.</translation>
    </message>
    <message>
        <source>Sign in with: qualdesk-cli login (or qualdesk-cli login --device-code on a machine without a browser).</source>
        <translation>Přihlaste se příkazem: qualdesk-cli login (na počítači bez prohlížeče qualdesk-cli login --device-code).</translation>
    </message>
    <message>
        <source>The access token in QUALDESK_ACCESS_TOKEN was rejected. Set a valid token, or unset the variable and run: qualdesk-cli login</source>
        <translation>Přístupový token v QUALDESK_ACCESS_TOKEN byl odmítnut. Nastavte platný token, nebo proměnnou zrušte a spusťte: qualdesk-cli login</translation>
    </message>
    <message>
        <source>Give exactly one customer tenant ID.</source>
        <translation>Zadejte právě jedno ID tenanta zákazníka.</translation>
    </message>
    <message>
        <source>This command takes no arguments.</source>
        <translation>Tento příkaz nepřijímá žádné argumenty.</translation>
    </message>
    <message>
        <source>The submission history cannot be used, so nothing was sent: %1</source>
        <translation>Historii žádostí nelze použít, proto nebylo nic odesláno: %1</translation>
    </message>
</context>
<context>
    <name>CsvReader</name>
    <message>
        <source>Line %1 contains binary data (a control character such as NUL). Choose a CSV file saved as text.</source>
        <translation>Řádek %1 obsahuje binární data (řídicí znak, například NUL). Vyberte soubor CSV uložený jako text.</translation>
    </message>
    <message>
        <source>Line %1 is not valid UTF-8 text. Save the file as &quot;CSV UTF-8&quot; and try again.</source>
        <translation>Řádek %1 není platný text v UTF-8. Uložte soubor jako „CSV UTF-8“ a zkuste to znovu.</translation>
    </message>
    <message>
        <source>The file is too large (over %1 MB).</source>
        <translation>Soubor je příliš velký (přes %1 MB).</translation>
    </message>
    <message>
        <source>The file is saved as UTF-16. Save it as &quot;CSV UTF-8&quot; and try again.</source>
        <translation>Soubor je uložen v kódování UTF-16. Uložte ho jako „CSV UTF-8“ a zkuste to znovu.</translation>
    </message>
    <message>
        <source>Line %1: a quoted field starts here but its closing quote is missing.</source>
        <translation>Řádek %1: zde začíná pole v uvozovkách, ale chybí jeho uzavírací uvozovka.</translation>
    </message>
    <message>
        <source>Line %1: unexpected text after a closing quote. Put the whole field in quotes and double any quote inside it (&quot;&quot;).</source>
        <translation>Řádek %1: neočekávaný text za uzavírací uvozovkou. Uzavřete celé pole do uvozovek a uvozovky uvnitř zdvojte (&quot;&quot;).</translation>
    </message>
    <message>
        <source>The file is empty.</source>
        <translation>Soubor je prázdný.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is a folder, not a CSV file.</source>
        <translation>„%1“ je složka, ne soubor CSV.</translation>
    </message>
    <message>
        <source>Cannot open &quot;%1&quot;: %2</source>
        <translation>Nelze otevřít „%1“: %2</translation>
    </message>
    <message>
        <source>Cannot read &quot;%1&quot;: %2</source>
        <translation>Nelze číst „%1“: %2</translation>
    </message>
</context>
<context>
    <name>CustomerCommand</name>
    <message>
        <source>TENANT_ID</source>
        <translation>ID_TENANTA</translation>
    </message>
    <message>
        <source>Show a customer: tenant ID, company name and domain.</source>
        <translation>Zobrazit zákazníka: ID tenanta, název společnosti a doménu.</translation>
    </message>
    <message>
        <source>Tenant ID</source>
        <translation>ID tenanta</translation>
    </message>
    <message>
        <source>Company name</source>
        <translation>Název společnosti</translation>
    </message>
    <message>
        <source>Domain</source>
        <translation>Doména</translation>
    </message>
</context>
<context>
    <name>CustomerSearchPanel</name>
    <message>
        <source>&amp;Find a customer</source>
        <translation>&amp;Najít zákazníka</translation>
    </message>
    <message>
        <source>Company name, domain or tenant ID</source>
        <translation>Název společnosti, doména nebo ID tenanta</translation>
    </message>
    <message>
        <source>Customer lookup</source>
        <translation>Hledání zákazníka</translation>
    </message>
    <message>
        <source>Type the start of a company name or domain, or paste a tenant ID</source>
        <translation>Napište začátek názvu společnosti nebo domény, nebo vložte ID tenanta</translation>
    </message>
    <message>
        <source>Recent customers</source>
        <translation>Nedávní zákazníci</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Vymazat</translation>
    </message>
    <message>
        <source>Forget the recently opened customers</source>
        <translation>Zapomenout nedávno otevřené zákazníky</translation>
    </message>
    <message>
        <source>Clear recent customers</source>
        <translation>Vymazat nedávné zákazníky</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>Zákazníci</translation>
    </message>
</context>
<context>
    <name>CustomerView</name>
    <message>
        <source>Find a customer on the left to see their qualifications and vetting status.</source>
        <translation>Vyhledejte vlevo zákazníka a zobrazí se jeho kvalifikace a stav prověření.</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Přihlásit se</translation>
    </message>
    <message>
        <source>Company name</source>
        <translation>Název společnosti</translation>
    </message>
    <message>
        <source>Domain</source>
        <translation>Doména</translation>
    </message>
    <message>
        <source>Tenant ID</source>
        <translation>ID tenanta</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopírovat</translation>
    </message>
    <message>
        <source>Copy the tenant ID to the clipboard</source>
        <translation>Zkopírovat ID tenanta do schránky</translation>
    </message>
    <message>
        <source>Copy tenant ID</source>
        <translation>Kopírovat ID tenanta</translation>
    </message>
    <message>
        <source>Relationship</source>
        <translation>Vztah</translation>
    </message>
    <message>
        <source>Relationship to partner</source>
        <translation>Vztah k partnerovi</translation>
    </message>
    <message>
        <source>Qualifications</source>
        <translation>Kvalifikace</translation>
    </message>
    <message>
        <source>Last refreshed</source>
        <translation>Naposledy obnoveno</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Obnovit</translation>
    </message>
    <message>
        <source>Read the qualifications again (F5)</source>
        <translation>Znovu načíst kvalifikace (F5)</translation>
    </message>
    <message>
        <source>Refresh qualifications</source>
        <translation>Obnovit kvalifikace</translation>
    </message>
    <message>
        <source>Qualifications and vetting status</source>
        <translation>Kvalifikace a stav prověření</translation>
    </message>
</context>
<context>
    <name>DeviceCodeAnswer</name>
    <message>
        <source>The sign-in service&apos;s device code answer has no valid &quot;%1&quot;.</source>
        <translation>Odpověď přihlašovací služby s kódem zařízení neobsahuje platné pole „%1“.</translation>
    </message>
    <message>
        <source>The sign-in service&apos;s device code answer is not a JSON object.</source>
        <translation>Odpověď přihlašovací služby s kódem zařízení není objekt JSON.</translation>
    </message>
</context>
<context>
    <name>DeviceCodeDialog</name>
    <message>
        <source>Sign in with a code</source>
        <translation>Přihlásit se pomocí kódu</translation>
    </message>
    <message>
        <source>On any device, open the address below, enter the code and sign in with your partner account.</source>
        <translation>Na libovolném zařízení otevřete níže uvedenou adresu, zadejte kód a přihlaste se svým partnerským účtem.</translation>
    </message>
    <message>
        <source>Sign-in address</source>
        <translation>Adresa pro přihlášení</translation>
    </message>
    <message>
        <source>Code to enter</source>
        <translation>Kód k zadání</translation>
    </message>
    <message>
        <source>Copy code</source>
        <translation>Kopírovat kód</translation>
    </message>
    <message>
        <source>Copy the code</source>
        <translation>Zkopírovat kód</translation>
    </message>
    <message>
        <source>Asking for a code…</source>
        <translation>Žádá se o kód…</translation>
    </message>
    <message>
        <source>Sign-in status</source>
        <translation>Stav přihlášení</translation>
    </message>
</context>
<context>
    <name>Duration</name>
    <message>
        <source>unknown</source>
        <translation>neznámý</translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n&#xa0;s</numerusform>
            <numerusform>%n&#xa0;s</numerusform>
            <numerusform>%n&#xa0;s</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1&#xa0;min %2&#xa0;s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1&#xa0;min</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1&#xa0;h %2&#xa0;min</translation>
    </message>
</context>
<context>
    <name>ExitCodes</name>
    <message>
        <source>Exit codes:</source>
        <translation>Návratové kódy:</translation>
    </message>
    <message>
        <source>  0  done</source>
        <translation>  0  hotovo</translation>
    </message>
    <message>
        <source>  2  invalid input or usage; nothing was sent</source>
        <translation>  2  neplatné zadání nebo použití; nic nebylo odesláno</translation>
    </message>
    <message>
        <source>  4  network or server failure, or the outcome is still unknown after retries</source>
        <translation>  4  chyba sítě nebo serveru, nebo výsledek zůstal i po opakování neznámý</translation>
    </message>
    <message>
        <source>  5  not signed in, or the token was rejected (run: qualdesk-cli login)</source>
        <translation>  5  nejste přihlášeni, nebo byl token odmítnut (spusťte: qualdesk-cli login)</translation>
    </message>
    <message>
        <source>  3  refused by Partner Center, or held by another row of the team&apos;s history (the reason is printed)</source>
        <translation>  3  odmítnuto Partnerským centrem, nebo kvalifikaci drží jiný řádek historie týmu (důvod se vypíše)</translation>
    </message>
</context>
<context>
    <name>HistoryCommand</name>
    <message>
        <source>List past submissions, newest first, or export them to CSV.</source>
        <translation>Vypsat odeslané žádosti od nejnovějších, nebo je exportovat do CSV.</translation>
    </message>
    <message>
        <source>Only submissions for this customer tenant ID.</source>
        <translation>Jen žádosti pro toto ID tenanta zákazníka.</translation>
    </message>
    <message>
        <source>TENANT_ID</source>
        <translation>ID_TENANTA</translation>
    </message>
    <message>
        <source>Only submissions in this state: %1.</source>
        <translation>Jen žádosti v tomto stavu: %1.</translation>
    </message>
    <message>
        <source>STATE</source>
        <translation>STAV</translation>
    </message>
    <message>
        <source>Show at most N submissions (default %1 in the table, all with --json; 0 = all).</source>
        <translation>Zobrazit nejvýše N žádostí (výchozí %1 v tabulce, s --json všechny; 0 = všechny).</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>Write the matching submissions to a CSV file (UTF-8).</source>
        <translation>Zapsat odpovídající žádosti do souboru CSV (UTF-8).</translation>
    </message>
    <message>
        <source>FILE.csv</source>
        <translation>SOUBOR.csv</translation>
    </message>
    <message>
        <source>Unknown state &quot;%1&quot;: use one of %2.</source>
        <translation>Neznámý stav „%1“: použijte jeden z %2.</translation>
    </message>
    <message>
        <source>--limit needs a whole number of 0 or more, not &quot;%1&quot;.</source>
        <translation>--limit vyžaduje celé číslo 0 nebo větší, ne „%1“.</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n submission(s) to %1.</source>
        <translation>
            <numerusform>Do %1 byla exportována %n žádost.</numerusform>
            <numerusform>Do %1 byly exportovány %n žádosti.</numerusform>
            <numerusform>Do %1 bylo exportováno %n žádostí.</numerusform>
        </translation>
    </message>
    <message>
        <source>No submission matches.</source>
        <translation>Žádná žádost neodpovídá.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Čas</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Zákazník</translation>
    </message>
    <message>
        <source>Tenant ID</source>
        <translation>ID tenanta</translation>
    </message>
    <message>
        <source>Qualification</source>
        <translation>Kvalifikace</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Stav</translation>
    </message>
    <message>
        <source>Vetting status</source>
        <translation>Stav prověření</translation>
    </message>
    <message>
        <source>Request ID</source>
        <translation>ID požadavku</translation>
    </message>
    <message numerus="yes">
        <source>Showing the newest %1 of %n submission(s); use --limit 0 to see all.</source>
        <translation>
            <numerusform>Zobrazuje se nejnovějších %1 z %n žádosti; všechny zobrazíte pomocí --limit 0.</numerusform>
            <numerusform>Zobrazuje se nejnovějších %1 z %n žádostí; všechny zobrazíte pomocí --limit 0.</numerusform>
            <numerusform>Zobrazuje se nejnovějších %1 z %n žádostí; všechny zobrazíte pomocí --limit 0.</numerusform>
        </translation>
    </message>
    <message>
        <source>[--customer TENANT_ID] [--state STATE] [--user NAME] [--limit N] [--export FILE.csv]</source>
        <translation>[--customer ID_TENANTA] [--state STAV] [--user JMÉNO] [--limit N] [--export SOUBOR.csv]</translation>
    </message>
    <message>
        <source>Only submissions by this person, the signed-in name as the history shows it.</source>
        <translation>Jen žádosti tohoto uživatele (přihlašovací jméno přesně tak, jak ho uvádí historie).</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>JMÉNO</translation>
    </message>
    <message>
        <source>--user needs the name of a person, as the history shows it.</source>
        <translation>--user vyžaduje jméno uživatele přesně tak, jak ho uvádí historie.</translation>
    </message>
    <message>
        <source>This command takes no arguments; filter with --customer, --state and --user.</source>
        <translation>Tento příkaz nepřijímá žádné argumenty; filtrujte pomocí --customer, --state a --user.</translation>
    </message>
    <message>
        <source>Submitted by</source>
        <translation>Uživatel</translation>
    </message>
</context>
<context>
    <name>HistoryExporter</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Nelze zapsat %1: %2</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>Filter by customer</source>
        <translation>Filtrovat podle zákazníka</translation>
    </message>
    <message>
        <source>Filter by state</source>
        <translation>Filtrovat podle stavu</translation>
    </message>
    <message>
        <source>Filter by qualification</source>
        <translation>Filtrovat podle kvalifikace</translation>
    </message>
    <message>
        <source>Filter by date</source>
        <translation>Filtrovat podle data</translation>
    </message>
    <message>
        <source>From date</source>
        <translation>Od data</translation>
    </message>
    <message>
        <source>To date</source>
        <translation>Do data</translation>
    </message>
    <message>
        <source>Refresh statuses</source>
        <translation>Obnovit stavy</translation>
    </message>
    <message>
        <source>Read the vetting status of every submission still in review or unknown</source>
        <translation>Načíst stav prověření všech žádostí, u kterých ještě probíhá kontrola nebo je výsledek neznámý</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportovat…</translation>
    </message>
    <message>
        <source>Save the rows shown to a CSV file</source>
        <translation>Uložit zobrazené řádky do souboru CSV</translation>
    </message>
    <message>
        <source>Export to CSV</source>
        <translation>Export do CSV</translation>
    </message>
    <message>
        <source>Submission history</source>
        <translation>Historie žádostí</translation>
    </message>
    <message>
        <source>Number of submissions</source>
        <translation>Počet žádostí</translation>
    </message>
    <message>
        <source>Status refresh progress</source>
        <translation>Průběh obnovování stavů</translation>
    </message>
    <message>
        <source>History message</source>
        <translation>Zpráva historie</translation>
    </message>
    <message>
        <source>Customer name or tenant ID</source>
        <translation>Název zákazníka nebo ID tenanta</translation>
    </message>
    <message>
        <source>Filter by person</source>
        <translation>Filtrovat podle uživatele</translation>
    </message>
    <message>
        <source>Show the submissions of one person</source>
        <translation>Zobrazit žádosti jednoho uživatele</translation>
    </message>
    <message>
        <source>B&amp;y:</source>
        <translation>&amp;Uživatel:</translation>
    </message>
</context>
<context>
    <name>IdTokenClaims</name>
    <message>
        <source>The ID token is not a JSON Web Token.</source>
        <translation>Token ID není JSON Web Token.</translation>
    </message>
    <message>
        <source>The ID token&apos;s payload is not base64url encoded.</source>
        <translation>Obsah tokenu ID není zakódován v base64url.</translation>
    </message>
    <message>
        <source>The ID token&apos;s payload is not a JSON object.</source>
        <translation>Obsah tokenu ID není objekt JSON.</translation>
    </message>
</context>
<context>
    <name>LoginCommand</name>
    <message>
        <source>Sign in as a partner user (browser, or --device-code).</source>
        <translation>Přihlásit se jako uživatel partnera (v prohlížeči, nebo --device-code).</translation>
    </message>
    <message>
        <source>Sign in on another device with a code instead of a browser here.</source>
        <translation>Přihlásit se na jiném zařízení pomocí kódu místo prohlížeče na tomto počítači.</translation>
    </message>
    <message>
        <source>Note: QUALDESK_ACCESS_TOKEN is set, so other commands use that token, not this sign-in.</source>
        <translation>Poznámka: je nastavena proměnná QUALDESK_ACCESS_TOKEN, takže ostatní příkazy použijí tento token, ne toto přihlášení.</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Upozornění: %1</translation>
    </message>
    <message>
        <source>The sign-in could not be stored in the keychain; other commands will not see it.</source>
        <translation>Přihlášení se nepodařilo uložit do systémového úložiště přihlašovacích údajů; ostatní příkazy ho neuvidí.</translation>
    </message>
    <message>
        <source>Sign-in failed: %1</source>
        <translation>Přihlášení se nezdařilo: %1</translation>
    </message>
    <message>
        <source>To sign in, open %1 in a browser and enter the code %2</source>
        <translation>Pro přihlášení otevřete stránku %1 a zadejte kód %2</translation>
    </message>
    <message>
        <source>Waiting for the sign-in to finish…</source>
        <translation>Čeká se na dokončení přihlášení…</translation>
    </message>
    <message>
        <source>Sign in in your browser. If it does not open, visit this address:</source>
        <translation>Přihlaste se v prohlížeči. Pokud se neotevře, přejděte na tuto adresu:</translation>
    </message>
    <message>
        <source>No browser could be opened. Open %1 in a browser yourself, or sign in with a code on any device: qualdesk-cli login --device-code</source>
        <translation>Prohlížeč se nepodařilo otevřít. Otevřete %1 v prohlížeči sami, nebo se přihlaste pomocí kódu zařízení na libovolném zařízení: qualdesk-cli login --device-code</translation>
    </message>
    <message>
        <source>The browser has not answered. Open %1 in a browser yourself, or press Ctrl+C and sign in with a code on any device: qualdesk-cli login --device-code</source>
        <translation>Prohlížeč neodpověděl. Otevřete %1 v prohlížeči sami, nebo stiskněte Ctrl+C a přihlaste se pomocí kódu zařízení na libovolném zařízení: qualdesk-cli login --device-code</translation>
    </message>
</context>
<context>
    <name>LogoutCommand</name>
    <message>
        <source>Sign out and forget the stored sign-in.</source>
        <translation>Odhlásit se a zapomenout uložené přihlášení.</translation>
    </message>
    <message>
        <source>Not signed in.</source>
        <translation>Nejste přihlášeni.</translation>
    </message>
    <message>
        <source>Signed out.</source>
        <translation>Jste odhlášeni.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Sections</source>
        <translation>Oddíly</translation>
    </message>
    <message>
        <source>&amp;Customers</source>
        <translation>&amp;Zákazníci</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>&amp;Historie</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Soubor</translation>
    </message>
    <message>
        <source>C&amp;ustomer</source>
        <translation>Zá&amp;kazník</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Jazyk</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Nápověda</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Nastavení…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Ukončit</translation>
    </message>
    <message>
        <source>&amp;Find customer</source>
        <translation>&amp;Najít zákazníka</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Obnovit</translation>
    </message>
    <message>
        <source>&amp;Submit qualification</source>
        <translation>&amp;Odeslat kvalifikaci</translation>
    </message>
    <message>
        <source>&amp;About QualDesk</source>
        <translation>&amp;O aplikaci QualDesk</translation>
    </message>
    <message>
        <source>&amp;Bulk</source>
        <translation>H&amp;romadně</translation>
    </message>
    <message>
        <source>&amp;Copy diagnostics</source>
        <translation>&amp;Kopírovat diagnostiku</translation>
    </message>
    <message>
        <source>Copy the version, environment and last errors with their request IDs for a support ticket. Tokens and secrets are left out.</source>
        <translation>Zkopíruje verzi, prostředí a&#xa0;poslední chyby s&#xa0;ID požadavků pro žádost o&#xa0;podporu. Tokeny a tajné údaje vynechá.</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>Zo&amp;brazit</translation>
    </message>
    <message>
        <source>Show the Customers tab and the lookup</source>
        <translation>Zobrazit kartu Zákazníci a vyhledávání</translation>
    </message>
    <message>
        <source>Show the History tab</source>
        <translation>Zobrazit kartu Historie</translation>
    </message>
    <message>
        <source>Show the Bulk tab</source>
        <translation>Zobrazit kartu Hromadně</translation>
    </message>
    <message>
        <source>Hi&amp;story</source>
        <translation>&amp;Historie</translation>
    </message>
</context>
<context>
    <name>NetworkSetup</name>
    <message>
        <source>Proxy: &quot;%1&quot; is not a proxy address. Use system, none or a URL such as http://proxy.example.com:3128.</source>
        <translation>Proxy server: „%1“ není adresa proxy serveru. Použijte system, none nebo URL, například http://proxy.example.com:3128.</translation>
    </message>
    <message>
        <source>CA file: &quot;%1&quot; cannot be read.</source>
        <translation>Soubor certifikační autority: „%1“ nelze přečíst.</translation>
    </message>
    <message>
        <source>CA file: &quot;%1&quot; holds no certificate (PEM or DER).</source>
        <translation>Soubor certifikační autority: „%1“ neobsahuje žádný certifikát (PEM ani DER).</translation>
    </message>
</context>
<context>
    <name>OAuthError</name>
    <message>
        <source>Multi-factor authentication is now required. Please sign in again.</source>
        <translation>Nově se vyžaduje vícefaktorové ověřování. Přihlaste se prosím znovu.</translation>
    </message>
    <message>
        <source>Your sign-in has expired or was revoked. Please sign in again.</source>
        <translation>Platnost přihlášení vypršela nebo bylo odvoláno. Přihlaste se prosím znovu.</translation>
    </message>
    <message>
        <source>The sign-in service needs you to sign in again interactively.</source>
        <translation>Přihlašovací služba vyžaduje, abyste se znovu přihlásili interaktivně.</translation>
    </message>
    <message>
        <source>The sign-in was declined.</source>
        <translation>Přihlášení bylo odmítnuto.</translation>
    </message>
    <message>
        <source>The sign-in code expired before it was used. Please start again.</source>
        <translation>Platnost přihlašovacího kódu vypršela dřív, než byl použit. Začněte prosím znovu.</translation>
    </message>
    <message>
        <source>The sign-in service did not recognise the device code. Please start again.</source>
        <translation>Přihlašovací služba kód zařízení nerozpoznala. Začněte prosím znovu.</translation>
    </message>
    <message>
        <source>The sign-in service does not accept the configured client ID. Check the app registration and the client ID setting.</source>
        <translation>Přihlašovací služba nastavené ID klienta nepřijímá. Zkontrolujte registraci aplikace a nastavení ID klienta.</translation>
    </message>
    <message>
        <source>The sign-in service refused the request.</source>
        <translation>Přihlašovací služba požadavek odmítla.</translation>
    </message>
    <message>
        <source>(Service reason: %1)</source>
        <translation>(Důvod uvedený službou: %1)</translation>
    </message>
</context>
<context>
    <name>ProxyCredentialsDialog</name>
    <message>
        <source>Proxy sign-in</source>
        <translation>Přihlášení k proxy serveru</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Uživatelské jméno:</translation>
    </message>
    <message>
        <source>Proxy user name</source>
        <translation>Uživatelské jméno pro proxy server</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Heslo:</translation>
    </message>
    <message>
        <source>Proxy password</source>
        <translation>Heslo pro proxy server</translation>
    </message>
    <message>
        <source>&amp;Remember in the keychain</source>
        <translation>&amp;Zapamatovat v systémovém úložišti přihlašovacích údajů</translation>
    </message>
    <message>
        <source>Keeps the user name and password in the system keychain for the next start</source>
        <translation>Uloží uživatelské jméno a heslo do systémového úložiště přihlašovacích údajů pro příští spuštění</translation>
    </message>
</context>
<context>
    <name>QualificationForm</name>
    <message>
        <source>New qualification</source>
        <translation>Nová kvalifikace</translation>
    </message>
    <message>
        <source>Education</source>
        <translation>Vzdělávání</translation>
    </message>
    <message>
        <source>Government Community Cloud</source>
        <translation>Government Community Cloud</translation>
    </message>
    <message>
        <source>State-owned entity</source>
        <translation>Subjekt vlastněný státem</translation>
    </message>
    <message>
        <source>Se&amp;gment</source>
        <translation>Se&amp;gment</translation>
    </message>
    <message>
        <source>Education segment</source>
        <translation>Segment vzdělávání</translation>
    </message>
    <message>
        <source>Segment problem</source>
        <translation>Problém se segmentem</translation>
    </message>
    <message>
        <source>&amp;Website</source>
        <translation>&amp;Web instituce</translation>
    </message>
    <message>
        <source>optional, e.g. school.edu</source>
        <translation>nepovinné, doporučeno, např. skola.cz</translation>
    </message>
    <message>
        <source>School website</source>
        <translation>Web instituce</translation>
    </message>
    <message>
        <source>Website problem</source>
        <translation>Problém s webem</translation>
    </message>
    <message>
        <source>&amp;Validation code</source>
        <translation>&amp;Ověřovací kód</translation>
    </message>
    <message>
        <source>Validation code</source>
        <translation>Ověřovací kód</translation>
    </message>
    <message>
        <source>Validation code problem</source>
        <translation>Problém s ověřovacím kódem</translation>
    </message>
    <message>
        <source>A state-owned entity needs no further details and is not vetted.</source>
        <translation>Subjekt vlastněný státem nepotřebuje další údaje a neprochází prověřením.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Zpět</translation>
    </message>
    <message>
        <source>Back to the form</source>
        <translation>Zpět na formulář</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>Odeslat</translation>
    </message>
    <message>
        <source>Confirm submission</source>
        <translation>Potvrdit odeslání</translation>
    </message>
    <message>
        <source>Submitting</source>
        <translation>Odesílání</translation>
    </message>
    <message>
        <source>Submitting…</source>
        <translation>Odesílá se…</translation>
    </message>
    <message>
        <source>Su&amp;bmit…</source>
        <translation>Ode&amp;slat…</translation>
    </message>
    <message>
        <source>Submit the qualification (Ctrl+Enter)</source>
        <translation>Odeslat kvalifikaci (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Submit qualification</source>
        <translation>Odeslat kvalifikaci</translation>
    </message>
    <message>
        <source>Submission result</source>
        <translation>Výsledek odeslání</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Kopírovat podrobnosti</translation>
    </message>
    <message>
        <source>Copy the request and correlation IDs for a support ticket</source>
        <translation>Zkopírovat ID požadavku a ID korelace pro žádost o podporu</translation>
    </message>
    <message>
        <source>Copy error details</source>
        <translation>Kopírovat podrobnosti chyby</translation>
    </message>
    <message>
        <source>Open that submission</source>
        <translation>Otevřít tuto žádost</translation>
    </message>
    <message>
        <source>Show the colleague&apos;s submission that holds this customer&apos;s qualification in the History tab</source>
        <translation>Zobrazit na kartě Historie žádost kolegy, která drží kvalifikaci tohoto zákazníka</translation>
    </message>
    <message>
        <source>Open the submission that holds this qualification</source>
        <translation>Otevřít žádost, která drží tuto kvalifikaci</translation>
    </message>
</context>
<context>
    <name>QualificationRequest</name>
    <message>
        <source>Choose the education segment: K-12 or higher education.</source>
        <translation>Vyberte segment vzdělávání: základní a střední školy (K-12), nebo vysoké školy.</translation>
    </message>
    <message>
        <source>Enter a web address such as school.edu or https://school.edu.</source>
        <translation>Zadejte webovou adresu, například skola.cz nebo https://skola.cz.</translation>
    </message>
    <message>
        <source>Choose one of your GCC validation codes.</source>
        <translation>Vyberte jeden ze svých ověřovacích kódů GCC.</translation>
    </message>
    <message>
        <source>The validation code is not valid.</source>
        <translation>Ověřovací kód není platný.</translation>
    </message>
    <message>
        <source>The qualification &quot;%1&quot; cannot be set. Choose Education, Government Community Cloud (GCC) or State-owned entity.</source>
        <translation>Kvalifikaci „%1“ nelze nastavit. Vyberte „Vzdělávání“, „Government Community Cloud (GCC)“ nebo „Subjekt vlastněný státem“.</translation>
    </message>
    <message>
        <source>Choose a qualification.</source>
        <translation>Vyberte kvalifikaci.</translation>
    </message>
    <message>
        <source>Unknown qualification &quot;%1&quot;. Choose Education, Government Community Cloud (GCC) or State-owned entity.</source>
        <translation>Neznámá kvalifikace „%1“. Vyberte „Vzdělávání“, „Government Community Cloud (GCC)“ nebo „Subjekt vlastněný státem“.</translation>
    </message>
    <message>
        <source>code %1</source>
        <translation>kód %1</translation>
    </message>
    <message>
        <source>Invalid tenant ID. Enter a GUID in the form 00000000-0000-0000-0000-000000000000.</source>
        <translation>Neplatné ID tenanta. Zadejte GUID ve tvaru 00000000-0000-0000-0000-000000000000.</translation>
    </message>
</context>
<context>
    <name>Qualifications</name>
    <message>
        <source>No qualification</source>
        <translation>Bez kvalifikace</translation>
    </message>
    <message>
        <source>Education</source>
        <comment>qualification</comment>
        <translation>Vzdělávání</translation>
    </message>
    <message>
        <source>Nonprofit</source>
        <comment>qualification</comment>
        <translation>Nezisková organizace</translation>
    </message>
    <message>
        <source>Government Community Cloud (GCC)</source>
        <translation>Government Community Cloud (GCC)</translation>
    </message>
    <message>
        <source>State-owned entity</source>
        <translation>Subjekt vlastněný státem</translation>
    </message>
    <message>
        <source>K-12 schools</source>
        <translation>Základní a střední školy (K-12)</translation>
    </message>
    <message>
        <source>Higher education</source>
        <translation>Vysoké školy</translation>
    </message>
    <message>
        <source>Not vetted</source>
        <comment>vetting status</comment>
        <translation>Bez prověření</translation>
    </message>
    <message>
        <source>In review</source>
        <comment>vetting status</comment>
        <translation>Probíhá kontrola</translation>
    </message>
    <message>
        <source>Approved</source>
        <comment>vetting status</comment>
        <translation>Schváleno</translation>
    </message>
    <message>
        <source>Denied</source>
        <comment>vetting status</comment>
        <translation>Zamítnuto</translation>
    </message>
    <message>
        <source>Unknown status (%1)</source>
        <translation>Neznámý stav (%1)</translation>
    </message>
</context>
<context>
    <name>QualificationsCommand</name>
    <message>
        <source>TENANT_ID</source>
        <translation>ID_TENANTA</translation>
    </message>
    <message>
        <source>List a customer&apos;s qualifications with their vetting status.</source>
        <translation>Vypsat kvalifikace zákazníka se stavem prověření.</translation>
    </message>
    <message>
        <source>The customer has no qualification.</source>
        <translation>Zákazník nemá žádnou kvalifikaci.</translation>
    </message>
    <message>
        <source>Qualification</source>
        <translation>Kvalifikace</translation>
    </message>
    <message>
        <source>Vetting status</source>
        <translation>Stav prověření</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Důvod</translation>
    </message>
    <message>
        <source>Vetting started</source>
        <translation>Zahájení prověření</translation>
    </message>
</context>
<context>
    <name>QualifyCommand</name>
    <message>
        <source>TENANT_ID education --segment K12|HigherEducation [--website HOST]
TENANT_ID gcc --code VALIDATION_ID
TENANT_ID soe</source>
        <translation>ID_TENANTA education --segment K12|HigherEducation [--website WEB]
ID_TENANTA gcc --code ID_OVĚŘENÍ
ID_TENANTA soe</translation>
    </message>
    <message>
        <source>Submit a qualification (Education, GovernmentCommunityCloud or StateOwnedEntity).</source>
        <translation>Odeslat kvalifikaci (Education, GovernmentCommunityCloud nebo StateOwnedEntity).</translation>
    </message>
    <message>
        <source>Education segment: K12 or HigherEducation.</source>
        <translation>Segment vzdělávání: K12 nebo HigherEducation.</translation>
    </message>
    <message>
        <source>SEGMENT</source>
        <translation>SEGMENT</translation>
    </message>
    <message>
        <source>The institution&apos;s website (Education only, recommended).</source>
        <translation>Web instituce (jen pro vzdělávání, doporučeno).</translation>
    </message>
    <message>
        <source>HOST</source>
        <translation>WEB</translation>
    </message>
    <message>
        <source>Validation ID of one of your GCC validation codes (see validation-codes).</source>
        <translation>ID ověření jednoho z vašich ověřovacích kódů GCC (viz validation-codes).</translation>
    </message>
    <message>
        <source>VALIDATION_ID</source>
        <translation>ID_OVĚŘENÍ</translation>
    </message>
    <message>
        <source>--segment applies to Education only.</source>
        <translation>--segment platí jen pro kvalifikaci „Vzdělávání“.</translation>
    </message>
    <message>
        <source>Unknown education segment &quot;%1&quot;: use K12 or HigherEducation.</source>
        <translation>Neznámý segment vzdělávání „%1“: použijte K12 nebo HigherEducation.</translation>
    </message>
    <message>
        <source>--website applies to Education only.</source>
        <translation>--website platí jen pro kvalifikaci „Vzdělávání“.</translation>
    </message>
    <message>
        <source>--code applies to GovernmentCommunityCloud (gcc) only.</source>
        <translation>--code platí jen pro GovernmentCommunityCloud (gcc).</translation>
    </message>
    <message>
        <source>Give a customer tenant ID and a qualification: education, gcc or soe.</source>
        <translation>Zadejte ID tenanta zákazníka a kvalifikaci: education, gcc nebo soe.</translation>
    </message>
    <message>
        <source>The submission is recorded as unknown (history ID %1). Run qualdesk-cli refresh later to settle it.</source>
        <translation>Žádost je zaznamenána s neznámým výsledkem (ID v historii %1). Později ji vyjasněte příkazem qualdesk-cli refresh.</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Zákazník</translation>
    </message>
    <message>
        <source>Qualification</source>
        <translation>Kvalifikace</translation>
    </message>
    <message>
        <source>Vetting status</source>
        <translation>Stav prověření</translation>
    </message>
    <message>
        <source>Vetting started</source>
        <translation>Zahájení prověření</translation>
    </message>
    <message>
        <source>Request ID</source>
        <translation>ID požadavku</translation>
    </message>
    <message>
        <source>Correlation ID</source>
        <translation>ID korelace</translation>
    </message>
    <message>
        <source>Qualification submitted.</source>
        <translation>Kvalifikace byla odeslána.</translation>
    </message>
</context>
<context>
    <name>RefreshCommand</name>
    <message>
        <source>Re-read submissions still in review or unknown and print what changed.</source>
        <translation>Znovu načíst žádosti, u kterých probíhá kontrola nebo je výsledek neznámý, a vypsat změny.</translation>
    </message>
    <message>
        <source>Send submissions whose outcome is still unknown again, with their original request ID.</source>
        <translation>Znovu odeslat žádosti s dosud neznámým výsledkem, s jejich původním ID požadavku.</translation>
    </message>
    <message>
        <source>Checked %1 of %2 customers.</source>
        <translation>Zkontrolováno zákazníků: %1 z %2.</translation>
    </message>
    <message>
        <source>Nothing to refresh: every submission is settled.</source>
        <translation>Není co obnovovat: všechny žádosti jsou vyřízené.</translation>
    </message>
    <message>
        <source>Sent again: %1 %2: %3</source>
        <translation>Odesláno znovu: %1 %2: %3</translation>
    </message>
    <message numerus="yes">
        <source>%n submission(s) are still unknown: Partner Center does not have them. Run qualdesk-cli refresh --retry-unknown to send them again with their original request ID.</source>
        <translation>
            <numerusform>%n žádost má stále neznámý výsledek: Partnerské centrum ji nemá. Znovu ji odešlete s původním ID požadavku příkazem qualdesk-cli refresh --retry-unknown.</numerusform>
            <numerusform>%n žádosti mají stále neznámý výsledek: Partnerské centrum je nemá. Znovu je odešlete s původním ID požadavku příkazem qualdesk-cli refresh --retry-unknown.</numerusform>
            <numerusform>%n žádostí má stále neznámý výsledek: Partnerské centrum je nemá. Znovu je odešlete s původním ID požadavku příkazem qualdesk-cli refresh --retry-unknown.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RefreshSummary</name>
    <message numerus="yes">
        <source>No changes; %n submission(s) checked.</source>
        <translation>
            <numerusform>Beze změn; zkontrolována %n žádost.</numerusform>
            <numerusform>Beze změn; zkontrolovány %n žádosti.</numerusform>
            <numerusform>Beze změn; zkontrolováno %n žádostí.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2 → %3</source>
        <translation>%1: %2 → %3</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s):</source>
        <translation>
            <numerusform>%n změna:</numerusform>
            <numerusform>%n změny:</numerusform>
            <numerusform>%n změn:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n submission(s) still have an unknown outcome.</source>
        <translation>
            <numerusform>%n žádost má stále neznámý výsledek.</numerusform>
            <numerusform>%n žádosti mají stále neznámý výsledek.</numerusform>
            <numerusform>%n žádostí má stále neznámý výsledek.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) could not be read: %1</source>
        <translation>
            <numerusform>%n zákazníka se nepodařilo načíst: %1</numerusform>
            <numerusform>%n zákazníky se nepodařilo načíst: %1</numerusform>
            <numerusform>%n zákazníků se nepodařilo načíst: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchCommand</name>
    <message>
        <source>PREFIX [--domain]</source>
        <translation>PŘEDPONA [--domain]</translation>
    </message>
    <message>
        <source>Find customers whose company name (or domain) starts with PREFIX.</source>
        <translation>Najít zákazníky, jejichž název společnosti (nebo doména) začíná textem PŘEDPONA.</translation>
    </message>
    <message>
        <source>Match the start of the domain instead of the company name.</source>
        <translation>Hledat podle začátku domény místo názvu společnosti.</translation>
    </message>
    <message>
        <source>Give one search prefix, for example: qualdesk-cli search Brno</source>
        <translation>Zadejte jeden začátek hledaného názvu, například: qualdesk-cli search Brno</translation>
    </message>
    <message>
        <source>No customer matches the search.</source>
        <translation>Žádný zákazník neodpovídá hledání.</translation>
    </message>
    <message>
        <source>Tenant ID</source>
        <translation>ID tenanta</translation>
    </message>
    <message>
        <source>Company name</source>
        <translation>Název společnosti</translation>
    </message>
    <message>
        <source>Domain</source>
        <translation>Doména</translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s)</source>
        <translation>
            <numerusform>%n zákazník</numerusform>
            <numerusform>%n zákazníci</numerusform>
            <numerusform>%n zákazníků</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Nastavení</translation>
    </message>
    <message>
        <source>&amp;Environment</source>
        <translation>&amp;Prostředí</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Prostředí</translation>
    </message>
    <message>
        <source>Partner Center &amp;address</source>
        <translation>&amp;Adresa Partnerského centra</translation>
    </message>
    <message>
        <source>Partner Center base URL</source>
        <translation>Základní URL Partnerského centra</translation>
    </message>
    <message>
        <source>Sign-in &amp;authority</source>
        <translation>Přihlašovací a&amp;utorita</translation>
    </message>
    <message>
        <source>Sign-in authority</source>
        <translation>Přihlašovací autorita</translation>
    </message>
    <message>
        <source>&amp;Client ID</source>
        <translation>ID &amp;klienta</translation>
    </message>
    <message>
        <source>Application (client) ID</source>
        <translation>ID aplikace (klienta)</translation>
    </message>
    <message>
        <source>Application (client) ID of your app registration</source>
        <translation>ID aplikace (klienta) vaší registrace aplikace</translation>
    </message>
    <message>
        <source>Request &amp;timeout</source>
        <translation>Časový &amp;limit požadavku</translation>
    </message>
    <message>
        <source>Request timeout in seconds</source>
        <translation>Časový limit požadavku v sekundách</translation>
    </message>
    <message>
        <source>What the partner must register</source>
        <translation>Co musí partner zaregistrovat</translation>
    </message>
    <message>
        <source>Settings problem</source>
        <translation>Problém s nastavením</translation>
    </message>
    <message>
        <source>Changes take effect the next time QualDesk starts.</source>
        <translation>Změny se projeví při příštím spuštění aplikace QualDesk.</translation>
    </message>
    <message>
        <source>&amp;Proxy</source>
        <translation>&amp;Proxy server</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Proxy server</translation>
    </message>
    <message>
        <source>system, none, or a proxy address such as http://proxy.example.com:3128</source>
        <translation>system, none, nebo adresa proxy serveru, například http://proxy.example.com:3128</translation>
    </message>
    <message>
        <source>system (the desktop&apos;s proxy), none, or http://proxy:3128</source>
        <translation>system (proxy server systému), none, nebo http://proxy:3128</translation>
    </message>
    <message>
        <source>Trusted &amp;CA file</source>
        <translation>Důvěryhodný soubor &amp;certifikační autority</translation>
    </message>
    <message>
        <source>Trusted CA file</source>
        <translation>Důvěryhodný soubor certifikační autority</translation>
    </message>
    <message>
        <source>PEM file of extra certificate authorities to trust, such as your company proxy&apos;s</source>
        <translation>Soubor PEM s dalšími důvěryhodnými certifikačními autoritami, například proxy serveru vaší společnosti</translation>
    </message>
    <message>
        <source>PEM file of a company proxy&apos;s CA (optional)</source>
        <translation>Soubor PEM certifikační autority proxy serveru společnosti (nepovinné)</translation>
    </message>
    <message>
        <source>Team history</source>
        <translation>Historie týmu</translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation>&amp;Server</translation>
    </message>
    <message>
        <source>Team history server address</source>
        <translation>Adresa serveru historie týmu</translation>
    </message>
    <message>
        <source>A PostgreSQL URL such as postgresql://user@host:5432/database; empty for this computer&apos;s own history</source>
        <translation>URL PostgreSQL, například postgresql://uživatel@server:5432/databáze; prázdné pole znamená vlastní historii tohoto počítače</translation>
    </message>
    <message>
        <source>Team history server problem</source>
        <translation>Problém se serverem historie týmu</translation>
    </message>
    <message>
        <source>Pass&amp;word</source>
        <translation>&amp;Heslo</translation>
    </message>
    <message>
        <source>Team history server password</source>
        <translation>Heslo k serveru historie týmu</translation>
    </message>
    <message>
        <source>Kept in the keychain; leave it empty to keep the stored password</source>
        <translation>Ukládá se do systémového úložiště přihlašovacích údajů; když pole necháte prázdné, zůstane uložené heslo</translation>
    </message>
    <message>
        <source>Empty keeps the stored password</source>
        <translation>Prázdné pole ponechá uložené heslo</translation>
    </message>
    <message>
        <source>Test co&amp;nnection</source>
        <translation>&amp;Otestovat připojení</translation>
    </message>
    <message>
        <source>Test connection to the team history server</source>
        <translation>Otestovat připojení k serveru historie týmu</translation>
    </message>
    <message>
        <source>Testing the connection</source>
        <translation>Testuje se připojení</translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation>Výsledek testu připojení</translation>
    </message>
    <message>
        <source>Empty: this computer&apos;s own history. With a server, every desk of the team sees the same history. The password is kept in the keychain, never in the settings file. QualDesk uses the new history from its next start.</source>
        <translation>Prázdné pole: vlastní historie tohoto počítače. Se serverem vidí všechna pracoviště týmu stejnou historii. Heslo se ukládá do systémového úložiště přihlašovacích údajů, nikdy do souboru s&#xa0;nastavením. Novou historii QualDesk použije od příštího spuštění.</translation>
    </message>
    <message>
        <source>Work o&amp;ffline</source>
        <translation>Pracovat o&amp;ffline</translation>
    </message>
    <message>
        <source>Keep new submissions in this computer&apos;s history while the team&apos;s server cannot be reached; they are added to the team&apos;s history once it can</source>
        <translation>Nové žádosti ukládat do historie tohoto počítače, dokud není server týmu dostupný; do historie týmu se přidají, jakmile dostupný bude</translation>
    </message>
    <message>
        <source>New submissions stay in this computer&apos;s history and are added to the team&apos;s history, once, when QualDesk next starts with this turned off</source>
        <translation>Nové žádosti zůstanou v&#xa0;historii tohoto počítače a&#xa0;do historie týmu se jednou přidají, až se QualDesk příště spustí s&#xa0;touto volbou vypnutou</translation>
    </message>
</context>
<context>
    <name>Submission</name>
    <message>
        <source>%1 since today</source>
        <translation>%1 od dneška</translation>
    </message>
    <message>
        <source>%1 since yesterday</source>
        <translation>%1 od včerejška</translation>
    </message>
    <message>
        <source>%1 since %2</source>
        <translation>%1 od %2</translation>
    </message>
    <message>
        <source>Pending</source>
        <comment>submission state</comment>
        <translation>Čeká na odeslání</translation>
    </message>
    <message>
        <source>Sent</source>
        <comment>submission state</comment>
        <translation>Odesláno</translation>
    </message>
    <message>
        <source>Accepted</source>
        <comment>submission state</comment>
        <translation>Přijato</translation>
    </message>
    <message>
        <source>Rejected</source>
        <comment>submission state</comment>
        <translation>Odmítnuto</translation>
    </message>
    <message>
        <source>Failed</source>
        <comment>submission state</comment>
        <translation>Nezdařilo se</translation>
    </message>
    <message>
        <source>Outcome unknown</source>
        <comment>submission state</comment>
        <translation>Výsledek neznámý</translation>
    </message>
</context>
<context>
    <name>SubmitResult</name>
    <message>
        <source>Partner Center does not show this qualification. Retry the submission to send it again with its original request ID.</source>
        <translation>Partnerské centrum tuto kvalifikaci neuvádí. Odešlete žádost znovu; použije se její původní ID požadavku.</translation>
    </message>
    <message>
        <source>The answer from Partner Center was lost and checking the customer&apos;s qualifications failed (%1). Refresh later to find out whether the qualification was created.</source>
        <translation>Odpověď Partnerského centra se ztratila a kontrola kvalifikací zákazníka se nezdařila (%1). Později obnovte stav a zjistěte, zda byla kvalifikace vytvořena.</translation>
    </message>
    <message>
        <source>Partner Center did not answer and does not show the qualification yet. Refresh later to settle it.</source>
        <translation>Partnerské centrum neodpovědělo a kvalifikaci zatím neuvádí. Později obnovte stav a výsledek se vyjasní.</translation>
    </message>
    <message>
        <source>Nothing was sent to Partner Center.</source>
        <translation>Do Partnerského centra nebylo nic odesláno.</translation>
    </message>
    <message>
        <source>Partner Center accepted %1 for %2.</source>
        <translation>Partnerské centrum přijalo kvalifikaci %1 pro zákazníka %2.</translation>
    </message>
    <message>
        <source>Vetting is in review; refresh the history to follow it.</source>
        <translation>Probíhá kontrola; průběh sledujte obnovením historie.</translation>
    </message>
    <message>
        <source>Vetting status: %1.</source>
        <translation>Stav prověření: %1.</translation>
    </message>
    <message>
        <source>The submission is still on its way.</source>
        <translation>Žádost je stále na cestě.</translation>
    </message>
    <message>
        <source>The result could not be saved in the history: %1</source>
        <translation>Výsledek se nepodařilo uložit do historie: %1</translation>
    </message>
</context>
<context>
    <name>TokenResponse</name>
    <message>
        <source>The sign-in service&apos;s answer has no valid &quot;%1&quot;.</source>
        <translation>Odpověď přihlašovací služby neobsahuje platné pole „%1“.</translation>
    </message>
    <message>
        <source>The sign-in service&apos;s answer is not a JSON object.</source>
        <translation>Odpověď přihlašovací služby není objekt JSON.</translation>
    </message>
    <message>
        <source>The sign-in service issued a token of type &quot;%1&quot;; QualDesk needs a Bearer token.</source>
        <translation>Přihlašovací služba vydala token typu „%1“; QualDesk potřebuje token typu Bearer.</translation>
    </message>
    <message>
        <source>The sign-in service did not grant the permission &quot;%1&quot;. Ask your administrator to grant it to the QualDesk app registration.</source>
        <translation>Přihlašovací služba neudělila oprávnění „%1“. Požádejte správce, aby ho udělil registraci aplikace QualDesk.</translation>
    </message>
</context>
<context>
    <name>ValidationCodePicker</name>
    <message>
        <source>GCC validation code</source>
        <translation>Ověřovací kód GCC</translation>
    </message>
    <message>
        <source>Choose one of your validation codes or type one</source>
        <translation>Vyberte jeden ze svých ověřovacích kódů nebo ho zadejte</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Načíst znovu</translation>
    </message>
    <message>
        <source>Load your validation codes again</source>
        <translation>Znovu načíst vaše ověřovací kódy</translation>
    </message>
    <message>
        <source>Reload validation codes</source>
        <translation>Znovu načíst ověřovací kódy</translation>
    </message>
</context>
<context>
    <name>ValidationCodesCommand</name>
    <message>
        <source>List the partner&apos;s validation codes for Government Community Cloud.</source>
        <translation>Vypsat ověřovací kódy partnera pro Government Community Cloud.</translation>
    </message>
    <message>
        <source>The partner has no validation code.</source>
        <translation>Partner nemá žádný ověřovací kód.</translation>
    </message>
    <message>
        <source>Validation ID</source>
        <translation>ID ověření</translation>
    </message>
    <message>
        <source>Organization name</source>
        <translation>Název organizace</translation>
    </message>
    <message>
        <source>Uses left</source>
        <translation>Zbývající použití</translation>
    </message>
    <message>
        <source>Total uses</source>
        <translation>Celkem použití</translation>
    </message>
</context>
<context>
    <name>WhoamiCommand</name>
    <message>
        <source>Show who is signed in and which Partner Center is used.</source>
        <translation>Zobrazit, kdo je přihlášen a které Partnerské centrum se používá.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Jméno</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Uživatel</translation>
    </message>
    <message>
        <source>Partner tenant</source>
        <translation>Tenant partnera</translation>
    </message>
    <message>
        <source>Signed in with</source>
        <translation>Způsob přihlášení</translation>
    </message>
    <message>
        <source>access token from QUALDESK_ACCESS_TOKEN</source>
        <translation>přístupový token z QUALDESK_ACCESS_TOKEN</translation>
    </message>
    <message>
        <source>demo sign-in</source>
        <translation>ukázkové přihlášení</translation>
    </message>
    <message>
        <source>stored sign-in (keychain)</source>
        <translation>uložené přihlášení (systémové úložiště přihlašovacích údajů)</translation>
    </message>
    <message>
        <source>sign-in for this process only</source>
        <translation>přihlášení jen pro tento proces</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Prostředí</translation>
    </message>
    <message>
        <source>Partner Center</source>
        <translation>Partnerské centrum</translation>
    </message>
    <message>
        <source>Sign-in authority</source>
        <translation>Přihlašovací autorita</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Look up Partner Center customers, read their vetting status and submit qualifications.</source>
        <translation>Vyhledávání zákazníků v Partnerském centru, čtení stavu prověření a odesílání kvalifikací.</translation>
    </message>
    <message>
        <source>The demo service could not start: %1</source>
        <translation>Ukázkovou službu se nepodařilo spustit: %1</translation>
    </message>
    <message>
        <source>QualDesk is already running with this data folder; its window was brought to the front.</source>
        <translation>QualDesk s&#xa0;touto datovou složkou už běží; jeho okno bylo přeneseno do popředí.</translation>
    </message>
</context>
<context>
    <name>qd::AboutDialog</name>
    <message>
        <source>Built with Qt %1, running on Qt %2. Licensed under the Apache License 2.0.</source>
        <translation>Sestaveno s&#xa0;Qt %1, běží na Qt %2. Licencováno pod licencí Apache License 2.0.</translation>
    </message>
</context>
<context>
    <name>qd::AccountBar</name>
    <message>
        <source>Demo</source>
        <comment>environment badge</comment>
        <translation>Ukázka</translation>
    </message>
    <message>
        <source>Production</source>
        <comment>environment badge</comment>
        <translation>Produkce</translation>
    </message>
    <message>
        <source>%1: Partner Center at %2</source>
        <translation>%1: Partnerské centrum na adrese %2</translation>
    </message>
    <message>
        <source>partner tenant %1</source>
        <translation>tenant partnera %1</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Přihlašování…</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Nepřihlášeno</translation>
    </message>
    <message>
        <source>Finishing sign-in…</source>
        <translation>Dokončuje se přihlášení…</translation>
    </message>
    <message>
        <source>Waiting for the browser…</source>
        <translation>Čeká se na přihlášení v prohlížeči…</translation>
    </message>
    <message>
        <source>Waiting for the code to be entered…</source>
        <translation>Čeká se na zadání kódu…</translation>
    </message>
    <message>
        <source>No browser could be opened. Copy the link and open it yourself, or use a code.</source>
        <translation>Prohlížeč se nepodařilo otevřít. Zkopírujte odkaz a otevřete ho sami, nebo použijte kód.</translation>
    </message>
    <message>
        <source>The browser has not answered. Copy the link and open it in a browser yourself, or use a code.</source>
        <translation>Prohlížeč neodpověděl. Zkopírujte odkaz a otevřete ho v prohlížeči sami, nebo použijte kód.</translation>
    </message>
</context>
<context>
    <name>qd::AuthHttp</name>
    <message>
        <source>The sign-in service could not be reached: %1</source>
        <translation>Přihlašovací služba není dostupná: %1</translation>
    </message>
</context>
<context>
    <name>qd::AuthSession</name>
    <message>
        <source>no network access</source>
        <translation>bez přístupu k síti</translation>
    </message>
    <message>
        <source>Nobody is signed in. Please sign in.</source>
        <translation>Nikdo není přihlášen. Přihlaste se prosím.</translation>
    </message>
    <message>
        <source>You are signed out.</source>
        <translation>Jste odhlášeni.</translation>
    </message>
    <message>
        <source>Your sign-in has expired or was revoked. Please sign in again.</source>
        <translation>Platnost přihlášení vypršela nebo bylo odvoláno. Přihlaste se prosím znovu.</translation>
    </message>
    <message>
        <source>The sign-in service needs you to sign in again.</source>
        <translation>Přihlašovací služba vyžaduje nové přihlášení.</translation>
    </message>
    <message>
        <source>Partner Center requires multi-factor authentication. Please sign in again and complete the verification.</source>
        <translation>Partnerské centrum vyžaduje přihlášení s vícefaktorovým ověřováním (MFA). Přihlaste se prosím znovu a dokončete ověření.</translation>
    </message>
    <message>
        <source>The saved sign-in could not be used. Please sign in again.</source>
        <translation>Uložené přihlášení nelze použít. Přihlaste se prosím znovu.</translation>
    </message>
    <message>
        <source>The sign-in did not complete.</source>
        <translation>Přihlášení nebylo dokončeno.</translation>
    </message>
</context>
<context>
    <name>qd::BrowserSignIn</name>
    <message numerus="yes">
        <source>The sign-in was not completed within %n minute(s). If the browser window was closed, start the sign-in again.</source>
        <translation>
            <numerusform>Přihlášení nebylo dokončeno do %n minuty. Pokud bylo okno prohlížeče zavřeno, začněte přihlášení znovu.</numerusform>
            <numerusform>Přihlášení nebylo dokončeno do %n minut. Pokud bylo okno prohlížeče zavřeno, začněte přihlášení znovu.</numerusform>
            <numerusform>Přihlášení nebylo dokončeno do %n minut. Pokud bylo okno prohlížeče zavřeno, začněte přihlášení znovu.</numerusform>
        </translation>
    </message>
    <message>
        <source>The sign-in was cancelled.</source>
        <translation>Přihlášení bylo zrušeno.</translation>
    </message>
    <message>
        <source>QualDesk sign-in failed</source>
        <translation>Přihlášení do aplikace QualDesk se nezdařilo</translation>
    </message>
    <message>
        <source>This sign-in attempt has already ended. You can close this window.</source>
        <translation>Tento pokus o přihlášení už skončil. Okno můžete zavřít.</translation>
    </message>
    <message>
        <source>The answer from the sign-in page does not belong to this sign-in attempt, so it was not used. Please sign in again.</source>
        <translation>Odpověď přihlašovací stránky nepatří k tomuto pokusu o přihlášení, proto nebyla použita. Přihlaste se prosím znovu.</translation>
    </message>
    <message>
        <source>The sign-in was cancelled or declined in the browser.</source>
        <translation>Přihlášení bylo v prohlížeči zrušeno nebo odmítnuto.</translation>
    </message>
    <message>
        <source>The sign-in page returned without an authorization code. Please sign in again.</source>
        <translation>Přihlašovací stránka se vrátila bez autorizačního kódu. Přihlaste se prosím znovu.</translation>
    </message>
    <message>
        <source>Signed in to QualDesk</source>
        <translation>Jste přihlášeni do aplikace QualDesk</translation>
    </message>
    <message>
        <source>You can close this window and return to QualDesk.</source>
        <translation>Toto okno můžete zavřít a vrátit se do aplikace QualDesk.</translation>
    </message>
    <message>
        <source>no network access</source>
        <translation>bez přístupu k síti</translation>
    </message>
</context>
<context>
    <name>qd::BulkPanel</name>
    <message>
        <source>Checking customers at Partner Center: %1 of %2</source>
        <translation>Kontrola zákazníků v Partnerském centru: %1 z %2</translation>
    </message>
    <message>
        <source>All rows</source>
        <translation>Všechny řádky</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Problémy</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Čeká</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Přijato</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Odmítnuto</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Nezdařilo se</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Neznámé</translation>
    </message>
    <message>
        <source>Invalid</source>
        <translation>Neplatné</translation>
    </message>
    <message>
        <source>Open a CSV file</source>
        <translation>Otevřít soubor CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>Soubory CSV (*.csv *.txt);;Všechny soubory (*)</translation>
    </message>
    <message>
        <source>%1 cannot be used: %2</source>
        <translation>%1 nelze použít: %2</translation>
    </message>
    <message>
        <source>the pasted list</source>
        <translation>vložený seznam</translation>
    </message>
    <message>
        <source>Pasted list</source>
        <translation>Vložený seznam</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) ready to send</source>
        <translation>
            <numerusform>%n řádek připraven k odeslání</numerusform>
            <numerusform>%n řádky připraveny k odeslání</numerusform>
            <numerusform>%n řádků připraveno k odeslání</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) with problems (skipped)</source>
        <translation>
            <numerusform>%n řádek s problémy (vynechán)</numerusform>
            <numerusform>%n řádky s problémy (vynechány)</numerusform>
            <numerusform>%n řádků s problémy (vynecháno)</numerusform>
        </translation>
    </message>
    <message>
        <source>No row of %1 can be sent; see the problems in the table.</source>
        <translation>Žádný řádek z %1 nelze odeslat; problémy najdete v tabulce.</translation>
    </message>
    <message numerus="yes">
        <source>Partner Center asked to slow down; sending resumes in %n second(s), more gently.</source>
        <translation>
            <numerusform>Partnerské centrum požádalo o zpomalení; odesílání bude pomaleji pokračovat za %n sekundu.</numerusform>
            <numerusform>Partnerské centrum požádalo o zpomalení; odesílání bude pomaleji pokračovat za %n sekundy.</numerusform>
            <numerusform>Partnerské centrum požádalo o zpomalení; odesílání bude pomaleji pokračovat za %n sekund.</numerusform>
        </translation>
    </message>
    <message>
        <source>The run is paused; press Resume when this is solved.</source>
        <translation>Běh je pozastaven; až bude problém vyřešen, klikněte na Pokračovat.</translation>
    </message>
    <message>
        <source>Run %1 started.</source>
        <translation>Běh %1 byl spuštěn.</translation>
    </message>
    <message>
        <source>run %1</source>
        <translation>běh %1</translation>
    </message>
    <message>
        <source>Interrupted run %1</source>
        <translation>Přerušený běh %1</translation>
    </message>
    <message>
        <source>Continuing run %1: rows whose answer was lost are checked first.</source>
        <translation>Pokračuje běh %1: nejdřív se ověří řádky, jejichž odpověď se ztratila.</translation>
    </message>
    <message>
        <source>Done %1 of %2</source>
        <translation>Hotovo %1 z %2</translation>
    </message>
    <message>
        <source>accepted %1</source>
        <translation>přijato %1</translation>
    </message>
    <message>
        <source>refused %1</source>
        <translation>odmítnuto %1</translation>
    </message>
    <message>
        <source>failed %1</source>
        <translation>nezdařilo se %1</translation>
    </message>
    <message>
        <source>remaining %1</source>
        <translation>zbývá %1</translation>
    </message>
    <message>
        <source>%1 rows/s</source>
        <translation>%1 řádků/s</translation>
    </message>
    <message>
        <source>time left: %1</source>
        <translation>zbývající čas: %1</translation>
    </message>
    <message>
        <source>Run %1 finished: %2</source>
        <translation>Běh %1 skončil: %2</translation>
    </message>
    <message>
        <source>Export results</source>
        <translation>Export výsledků</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Soubory CSV (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>Saved %n row(s) to %1.</source>
        <translation>
            <numerusform>Počet uložených řádků: %n (%1).</numerusform>
            <numerusform>Počet uložených řádků: %n (%1).</numerusform>
            <numerusform>Počet uložených řádků: %n (%1).</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>Po&amp;kračovat</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pozastavit</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s)</source>
        <translation>
            <numerusform>%n řádek</numerusform>
            <numerusform>%n řádky</numerusform>
            <numerusform>%n řádků</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 rows</source>
        <translation>%1 z %2 řádků</translation>
    </message>
    <message numerus="yes">
        <source>A bulk run was interrupted with %n row(s) not finished. Continue it to settle and send them.</source>
        <translation>
            <numerusform>Hromadný běh byl přerušen a %n řádek není dokončen. Pokračujte v běhu, aby se ověřil a odeslal.</numerusform>
            <numerusform>Hromadný běh byl přerušen a %n řádky nejsou dokončeny. Pokračujte v běhu, aby se ověřily a odeslaly.</numerusform>
            <numerusform>Hromadný běh byl přerušen a %n řádků není dokončeno. Pokračujte v běhu, aby se ověřily a odeslaly.</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Načítání souboru %1…</translation>
    </message>
</context>
<context>
    <name>qd::BulkPreflight</name>
    <message>
        <source>Could not check the customer&apos;s qualifications: %1</source>
        <translation>Kvalifikace zákazníka se nepodařilo zkontrolovat: %1</translation>
    </message>
    <message>
        <source>The customer already holds %1; this row is skipped.</source>
        <translation>Zákazník už má kvalifikaci %1; tento řádek bude vynechán.</translation>
    </message>
    <message>
        <source>The customer already holds %1 (%2); this row is skipped.</source>
        <translation>Zákazník už má kvalifikaci %1 (%2); tento řádek bude vynechán.</translation>
    </message>
    <message>
        <source>Could not check the validation code: %1</source>
        <translation>Ověřovací kód se nepodařilo zkontrolovat: %1</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not one of your validation codes.</source>
        <translation>„%1“ není žádný z vašich ověřovacích kódů.</translation>
    </message>
    <message>
        <source>The validation code &quot;%1&quot; has no uses left for this row.</source>
        <translation>Ověřovací kód „%1“ už nemá pro tento řádek žádné zbývající použití.</translation>
    </message>
</context>
<context>
    <name>qd::BulkResultsModel</name>
    <message>
        <source>Line</source>
        <translation>Řádek</translation>
    </message>
    <message>
        <source>Tenant ID</source>
        <translation>ID tenanta</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Zákazník</translation>
    </message>
    <message>
        <source>Qualification</source>
        <translation>Kvalifikace</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Stav</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Zpráva</translation>
    </message>
</context>
<context>
    <name>qd::BulkRun</name>
    <message>
        <source>Cancelled before sending; nothing was sent.</source>
        <translation>Zrušeno před odesláním; nic nebylo odesláno.</translation>
    </message>
    <message>
        <source>Accepted.</source>
        <translation>Přijato.</translation>
    </message>
    <message>
        <source>Accepted; vetting: %1.</source>
        <translation>Přijato; prověření: %1.</translation>
    </message>
    <message>
        <source>This bulk run has already started.</source>
        <translation>Tento hromadný běh už byl zahájen.</translation>
    </message>
    <message>
        <source>There is no valid row to send.</source>
        <translation>Není žádný platný řádek k odeslání.</translation>
    </message>
    <message>
        <source>The history is not available.</source>
        <translation>Historie není k dispozici.</translation>
    </message>
    <message>
        <source>Nothing was sent to Partner Center.</source>
        <translation>Do Partnerského centra nebylo nic odesláno.</translation>
    </message>
    <message>
        <source>There is no bulk run %1 in the history.</source>
        <translation>V historii není žádný hromadný běh %1.</translation>
    </message>
    <message>
        <source>Rows not stored were not sent; resuming the run later sends them.</source>
        <translation>Neuložené řádky nebyly odeslány; odešlou se, až budete v běhu později pokračovat.</translation>
    </message>
    <message>
        <source>Partner Center asks to wait %1 before sending more, longer than this run waits (%2). The rows not sent yet stay pending: resume the run later.</source>
        <translation>Partnerské centrum žádá počkat %1, než se odešle další požadavek, déle, než tento běh čeká (%2). Dosud neodeslané řádky zůstávají čekající: v běhu pokračujte později.</translation>
    </message>
</context>
<context>
    <name>qd::ClientConfig</name>
    <message>
        <source>The Partner Center address is not a valid URL.</source>
        <translation>Adresa Partnerského centra není platná URL.</translation>
    </message>
    <message>
        <source>Partner Center must be reached over HTTPS. Plain HTTP is allowed only to this computer (localhost), for the simulator.</source>
        <translation>K Partnerskému centru je nutné se připojovat přes HTTPS. Prosté HTTP je povoleno jen k tomuto počítači (localhost), pro simulátor.</translation>
    </message>
</context>
<context>
    <name>qd::CustomerListModel</name>
    <message>
        <source>Company</source>
        <translation>Společnost</translation>
    </message>
    <message>
        <source>Domain</source>
        <translation>Doména</translation>
    </message>
    <message>
        <source>Tenant ID</source>
        <translation>ID tenanta</translation>
    </message>
</context>
<context>
    <name>qd::CustomerSearchPanel</name>
    <message>
        <source>Recent customers</source>
        <translation>Nedávní zákazníci</translation>
    </message>
    <message>
        <source>Customers you open appear here.</source>
        <translation>Zde se zobrazí zákazníci, které otevřete.</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Výsledky</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Hledání…</translation>
    </message>
    <message>
        <source>No customer matches “%1”.</source>
        <translation>Žádný zákazník neodpovídá hledání „%1“.</translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) found</source>
        <translation>
            <numerusform>Nalezen %n zákazník</numerusform>
            <numerusform>Nalezeni %n zákazníci</numerusform>
            <numerusform>Nalezeno %n zákazníků</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) shown, more load as you scroll</source>
        <translation>
            <numerusform>Zobrazen %n zákazník, další se načtou při posouvání</numerusform>
            <numerusform>Zobrazeni %n zákazníci, další se načtou při posouvání</numerusform>
            <numerusform>Zobrazeno %n zákazníků, další se načtou při posouvání</numerusform>
        </translation>
    </message>
    <message>
        <source>Sign in to look up customers.</source>
        <translation>Pro hledání zákazníků se přihlaste.</translation>
    </message>
</context>
<context>
    <name>qd::CustomerView</name>
    <message>
        <source>None</source>
        <comment>relationship to partner</comment>
        <translation>Žádný</translation>
    </message>
    <message>
        <source>Indirect reseller</source>
        <translation>Nepřímý prodejce</translation>
    </message>
    <message>
        <source>Indirect provider</source>
        <translation>Nepřímý poskytovatel</translation>
    </message>
    <message>
        <source>Reseller</source>
        <translation>Prodejce</translation>
    </message>
    <message>
        <source>Advisor</source>
        <translation>Poradce</translation>
    </message>
    <message>
        <source>Refreshed %1</source>
        <translation>Obnoveno %1</translation>
    </message>
    <message>
        <source>Find a customer on the left to see their qualifications and vetting status.</source>
        <translation>Vyhledejte vlevo zákazníka a zobrazí se jeho kvalifikace a stav prověření.</translation>
    </message>
    <message>
        <source>Sign in to look up customers and submit qualifications.</source>
        <translation>Pro hledání zákazníků a odesílání kvalifikací se přihlaste.</translation>
    </message>
    <message>
        <source>—</source>
        <comment>no value</comment>
        <translation>—</translation>
    </message>
    <message>
        <source>Reading qualifications…</source>
        <translation>Načítání kvalifikací…</translation>
    </message>
    <message>
        <source>This customer has no qualification yet.</source>
        <translation>Tento zákazník zatím nemá žádnou kvalifikaci.</translation>
    </message>
    <message>
        <source>Tenant ID copied.</source>
        <translation>ID tenanta zkopírováno do schránky.</translation>
    </message>
</context>
<context>
    <name>qd::DeviceCodeDialog</name>
    <message>
        <source>Waiting for you to finish signing in…</source>
        <translation>Čeká se na dokončení přihlášení…</translation>
    </message>
</context>
<context>
    <name>qd::DeviceCodeSignIn</name>
    <message>
        <source>no network access</source>
        <translation>bez přístupu k síti</translation>
    </message>
    <message>
        <source>The sign-in was cancelled.</source>
        <translation>Přihlášení bylo zrušeno.</translation>
    </message>
    <message>
        <source>The sign-in code expired before it was used. Please start again.</source>
        <translation>Platnost přihlašovacího kódu vypršela dřív, než byl použit. Začněte prosím znovu.</translation>
    </message>
    <message>
        <source>The sign-in was declined.</source>
        <translation>Přihlášení bylo odmítnuto.</translation>
    </message>
</context>
<context>
    <name>qd::DiagnosticsLog</name>
    <message>
        <source>(none)</source>
        <translation>(žádné)</translation>
    </message>
    <message>
        <source>QualDesk %1</source>
        <translation>QualDesk %1</translation>
    </message>
    <message>
        <source>Qt %1 (built with %2)</source>
        <translation>Qt %1 (sestaveno s&#xa0;%2)</translation>
    </message>
    <message>
        <source>System: %1, kernel %2 %3, %4</source>
        <translation>Systém: %1, jádro %2 %3, %4</translation>
    </message>
    <message>
        <source>Platform plug-in: %1</source>
        <translation>Platformní modul: %1</translation>
    </message>
    <message>
        <source>Language: %1 (system locale %2)</source>
        <translation>Jazyk: %1 (národní prostředí systému %2)</translation>
    </message>
    <message>
        <source>Environment: %1</source>
        <translation>Prostředí: %1</translation>
    </message>
    <message>
        <source>Partner Center: %1</source>
        <translation>Partnerské centrum: %1</translation>
    </message>
    <message>
        <source>Sign-in authority: %1</source>
        <translation>Přihlašovací autorita: %1</translation>
    </message>
    <message>
        <source>Client ID: %1</source>
        <translation>ID klienta: %1</translation>
    </message>
    <message numerus="yes">
        <source>Request timeout: %n second(s)</source>
        <translation>
            <numerusform>Časový limit požadavku: %n sekunda</numerusform>
            <numerusform>Časový limit požadavku: %n sekundy</numerusform>
            <numerusform>Časový limit požadavku: %n sekund</numerusform>
        </translation>
    </message>
    <message>
        <source>Signed in as: %1</source>
        <translation>Přihlášen: %1</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>nikdo</translation>
    </message>
    <message>
        <source>Partner tenant: %1</source>
        <translation>Tenant partnera: %1</translation>
    </message>
    <message>
        <source>Data folder: %1</source>
        <translation>Datová složka: %1</translation>
    </message>
    <message>
        <source>History: %1</source>
        <translation>Historie: %1</translation>
    </message>
    <message>
        <source>History problem: %1</source>
        <translation>Problém s historií: %1</translation>
    </message>
    <message>
        <source>No failed requests in this session.</source>
        <translation>V této relaci nebyl žádný neúspěšný požadavek.</translation>
    </message>
    <message numerus="yes">
        <source>Last %n failed request(s), oldest first:</source>
        <translation>
            <numerusform>Poslední %n neúspěšný požadavek, od nejstaršího:</numerusform>
            <numerusform>Poslední %n neúspěšné požadavky, od nejstaršího:</numerusform>
            <numerusform>Posledních %n neúspěšných požadavků, od nejstaršího:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>qd::HistoryModel</name>
    <message>
        <source>Time</source>
        <translation>Čas</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Zákazník</translation>
    </message>
    <message>
        <source>Tenant ID</source>
        <translation>ID tenanta</translation>
    </message>
    <message>
        <source>Qualification</source>
        <translation>Kvalifikace</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Stav</translation>
    </message>
    <message>
        <source>Vetting status</source>
        <translation>Stav prověření</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Důvod</translation>
    </message>
    <message>
        <source>Request ID</source>
        <translation>ID požadavku</translation>
    </message>
    <message>
        <source>Submitted by</source>
        <translation>Uživatel</translation>
    </message>
</context>
<context>
    <name>qd::HistoryPanel</name>
    <message>
        <source>All states</source>
        <translation>Všechny stavy</translation>
    </message>
    <message>
        <source>All qualifications</source>
        <translation>Všechny kvalifikace</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>Kdykoli</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Dnes</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Posledních 7 dní</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Posledních 30 dní</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>Tento rok</translation>
    </message>
    <message>
        <source>Between…</source>
        <translation>Mezi…</translation>
    </message>
    <message numerus="yes">
        <source>%n submission(s)</source>
        <translation>
            <numerusform>%n žádost</numerusform>
            <numerusform>%n žádosti</numerusform>
            <numerusform>%n žádostí</numerusform>
        </translation>
    </message>
    <message>
        <source>Stop refreshing</source>
        <translation>Zastavit obnovování</translation>
    </message>
    <message>
        <source>Refresh statuses</source>
        <translation>Obnovit stavy</translation>
    </message>
    <message>
        <source>Export history</source>
        <translation>Export historie</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Soubory CSV (*.csv)</translation>
    </message>
    <message>
        <source>The history is not available.</source>
        <translation>Historie není k dispozici.</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) exported to %1.</source>
        <translation>
            <numerusform>Počet exportovaných řádků: %n (%1).</numerusform>
            <numerusform>Počet exportovaných řádků: %n (%1).</numerusform>
            <numerusform>Počet exportovaných řádků: %n (%1).</numerusform>
        </translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>Všichni</translation>
    </message>
</context>
<context>
    <name>qd::KeychainTokenStore</name>
    <message>
        <source>The system keychain is not available, so the sign-in cannot be kept after QualDesk closes. It stays valid until then.</source>
        <translation>Systémové úložiště přihlašovacích údajů není k dispozici, proto přihlášení nelze zachovat po zavření aplikace QualDesk. Do té doby zůstává platné.</translation>
    </message>
    <message>
        <source>(Keychain: %1)</source>
        <translation>(Úložiště přihlašovacích údajů: %1)</translation>
    </message>
</context>
<context>
    <name>qd::LoopbackReceiver</name>
    <message>
        <source>QualDesk could not open a local port for the browser to return to: %1</source>
        <translation>QualDesk nemohl otevřít místní port, na který se má prohlížeč vrátit: %1</translation>
    </message>
</context>
<context>
    <name>qd::MainWindow</name>
    <message>
        <source>Settings saved. They take effect the next time QualDesk starts.</source>
        <translation>Nastavení bylo uloženo. Projeví se při příštím spuštění aplikace QualDesk.</translation>
    </message>
    <message>
        <source>%1 — QualDesk (%2)</source>
        <translation>%1 — QualDesk (%2)</translation>
    </message>
    <message>
        <source>QualDesk (%1)</source>
        <translation>QualDesk (%1)</translation>
    </message>
    <message>
        <source>Diagnostics copied to the clipboard. They contain no token or password.</source>
        <translation>Diagnostika byla zkopírována do schránky. Neobsahuje žádný token ani heslo.</translation>
    </message>
    <message>
        <source>More menus</source>
        <translation>Další nabídky</translation>
    </message>
    <message>
        <source>The history server&apos;s password could not be saved in the keychain: %1</source>
        <translation>Heslo k serveru historie se nepodařilo uložit do systémového úložiště přihlašovacích údajů: %1</translation>
    </message>
</context>
<context>
    <name>qd::PartnerCenterClient</name>
    <message>
        <source>Enter the beginning of a company name or domain.</source>
        <translation>Zadejte začátek názvu společnosti nebo domény.</translation>
    </message>
    <message>
        <source>There is no next page.</source>
        <translation>Další stránka neexistuje.</translation>
    </message>
</context>
<context>
    <name>qd::ProxyCredentialsDialog</name>
    <message>
        <source>The proxy %1 asks for a user name and password.</source>
        <translation>Proxy server %1 žádá uživatelské jméno a heslo.</translation>
    </message>
    <message>
        <source>It refused the last ones; attempt %1 of %2.</source>
        <translation>Předchozí odmítl; pokus %1 z %2.</translation>
    </message>
</context>
<context>
    <name>qd::QualificationForm</name>
    <message>
        <source>This code has no uses left; choose another one.</source>
        <translation>Tento kód už nemá žádné zbývající použití; vyberte jiný.</translation>
    </message>
    <message>
        <source>The customer already has this qualification.</source>
        <translation>Zákazník už tuto kvalifikaci má.</translation>
    </message>
    <message>
        <source>Submit %1 for %2?</source>
        <translation>Odeslat kvalifikaci %1 pro zákazníka %2?</translation>
    </message>
    <message>
        <source>Open a customer to submit a qualification.</source>
        <translation>Pro odeslání kvalifikace otevřete zákazníka.</translation>
    </message>
    <message>
        <source>This customer already has every qualification QualDesk can submit.</source>
        <translation>Tento zákazník už má všechny kvalifikace, které může QualDesk odeslat.</translation>
    </message>
    <message>
        <source>Choose the qualification to submit.</source>
        <translation>Vyberte kvalifikaci k odeslání.</translation>
    </message>
    <message>
        <source>%1 (already has it)</source>
        <translation>%1 (už ji má)</translation>
    </message>
    <message>
        <source>&amp;Education</source>
        <comment>qualification</comment>
        <translation>&amp;Vzdělávání</translation>
    </message>
    <message>
        <source>&amp;Government Community Cloud</source>
        <translation>&amp;Government Community Cloud</translation>
    </message>
    <message>
        <source>&amp;State-owned entity</source>
        <translation>&amp;Subjekt vlastněný státem</translation>
    </message>
    <message>
        <source>%1 submitted for %2.</source>
        <translation>Kvalifikace %1 byla odeslána pro zákazníka %2.</translation>
    </message>
    <message>
        <source>Vetting is in review; refresh later to see the outcome.</source>
        <translation>Probíhá kontrola; výsledek uvidíte po pozdějším obnovení.</translation>
    </message>
    <message>
        <source>Choose a segment</source>
        <translation>Vyberte segment</translation>
    </message>
</context>
<context>
    <name>qd::RequestBuilder</name>
    <message>
        <source>Refused a redirect from a secure (HTTPS) address to an insecure one.</source>
        <translation>Přesměrování ze zabezpečené adresy (HTTPS) na nezabezpečenou bylo odmítnuto.</translation>
    </message>
</context>
<context>
    <name>qd::SettingsDialog</name>
    <message>
        <source> s</source>
        <comment>seconds</comment>
        <translation>&#xa0;s</translation>
    </message>
    <message>
        <source>Demo (built-in simulator)</source>
        <translation>Ukázka (vestavěný simulátor)</translation>
    </message>
    <message>
        <source>Production (Partner Center)</source>
        <translation>Produkce (Partnerské centrum)</translation>
    </message>
    <message>
        <source>Custom address</source>
        <translation>Vlastní adresa</translation>
    </message>
    <message>
        <source>started by QualDesk on this computer</source>
        <translation>spuštěno aplikací QualDesk na tomto počítači</translation>
    </message>
    <message>
        <source>Enter the address of the Partner Center to use.</source>
        <translation>Zadejte adresu Partnerského centra, které se má použít.</translation>
    </message>
    <message>
        <source>Demo mode starts a simulated Partner Center with sample customers on this computer. Nothing is sent to Microsoft.</source>
        <translation>Ukázkový režim spustí na tomto počítači simulované Partnerské centrum s ukázkovými zákazníky. Do Microsoftu se nic neodesílá.</translation>
    </message>
    <message>
        <source>&lt;b&gt;A client ID is needed to sign in.&lt;/b&gt; QualDesk ships none: register your own application in Microsoft Entra ID (App registrations → New registration, platform “Mobile and desktop applications”, redirect URI &lt;tt&gt;http://localhost&lt;/tt&gt;), add the delegated API permission &lt;i&gt;Microsoft Partner Center → user_impersonation&lt;/i&gt;, grant admin consent, and enter its Application (client) ID here. Sign-in requires multi-factor authentication.</source>
        <translation>&lt;b&gt;K přihlášení je potřeba ID klienta.&lt;/b&gt; QualDesk žádné nedodává: zaregistrujte vlastní aplikaci v Microsoft Entra ID (Registrace aplikací → Nová registrace, platforma „Mobilní a desktopové aplikace“, identifikátor URI pro přesměrování &lt;tt&gt;http://localhost&lt;/tt&gt;), přidejte delegované oprávnění API &lt;i&gt;Microsoft Partner Center → user_impersonation&lt;/i&gt;, udělte souhlas správce a zde zadejte její ID aplikace (klienta). Přihlášení vyžaduje vícefaktorové ověřování (MFA).</translation>
    </message>
    <message>
        <source>Connecting to the team&apos;s history…</source>
        <translation>Připojování k historii týmu…</translation>
    </message>
    <message numerus="yes">
        <source>Connected, read only: %n submission(s) in the team&apos;s history.</source>
        <translation>
            <numerusform>Připojeno, jen pro čtení: v&#xa0;historii týmu je %n žádost.</numerusform>
            <numerusform>Připojeno, jen pro čtení: v&#xa0;historii týmu jsou %n žádosti.</numerusform>
            <numerusform>Připojeno, jen pro čtení: v&#xa0;historii týmu je %n žádostí.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Connected: %n submission(s) in the team&apos;s history.</source>
        <translation>
            <numerusform>Připojeno: v&#xa0;historii týmu je %n žádost.</numerusform>
            <numerusform>Připojeno: v&#xa0;historii týmu jsou %n žádosti.</numerusform>
            <numerusform>Připojeno: v&#xa0;historii týmu je %n žádostí.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>qd::StaticTokenProvider</name>
    <message>
        <source>No access token was given.</source>
        <translation>Nebyl zadán žádný přístupový token.</translation>
    </message>
    <message>
        <source>Partner Center rejected the access token, and a fixed token cannot be renewed. Provide a new one.</source>
        <translation>Partnerské centrum přístupový token odmítlo a pevně zadaný token nelze obnovit. Zadejte nový.</translation>
    </message>
</context>
<context>
    <name>qd::SubmissionStore</name>
    <message>
        <source>The submission history is not open.</source>
        <translation>Historie žádostí není otevřená.</translation>
    </message>
    <message>
        <source>The submission history (%1) cannot be written: the file or its folder is read-only. Check the permissions or choose another data folder.</source>
        <translation>Do historie žádostí (%1) nelze zapisovat: soubor nebo jeho složka je jen pro čtení. Zkontrolujte oprávnění nebo zvolte jinou složku pro data.</translation>
    </message>
    <message>
        <source>The submission history (%1) is locked by another program. Try again in a moment.</source>
        <translation>Historii žádostí (%1) má zamčenou jiný program. Zkuste to za chvíli znovu.</translation>
    </message>
    <message>
        <source>The disk that holds the submission history (%1) is full.</source>
        <translation>Disk s historií žádostí (%1) je plný.</translation>
    </message>
    <message>
        <source>The submission history (%1) is damaged. Restart QualDesk to move it aside and start a new one.</source>
        <translation>Historie žádostí (%1) je poškozená. Restartujte QualDesk; poškozený soubor se odloží a založí se nová historie.</translation>
    </message>
    <message>
        <source>The submission history (%1) was written by a newer version of QualDesk. Update QualDesk to use it.</source>
        <translation>Historii žádostí (%1) zapsala novější verze aplikace QualDesk. Pro její použití QualDesk aktualizujte.</translation>
    </message>
    <message>
        <source>That submission is not in the history.</source>
        <translation>Tato žádost v historii není.</translation>
    </message>
    <message>
        <source>The submission history (%1) cannot be used: %2</source>
        <translation>Historii žádostí (%1) nelze použít: %2</translation>
    </message>
    <message>
        <source>QualDesk stopped before Partner Center&apos;s answer arrived. Refresh to find out whether the qualification was created.</source>
        <translation>QualDesk skončil dřív, než dorazila odpověď Partnerského centra. Obnovením zjistíte, zda byla kvalifikace vytvořena.</translation>
    </message>
    <message>
        <source>The submission history was damaged. It was moved to %1 and a new history was started.</source>
        <translation>Historie žádostí byla poškozená. Byla přesunuta do %1 a byla založena nová historie.</translation>
    </message>
    <message numerus="yes">
        <source>%n submission(s) were interrupted before their answer arrived; refresh to settle them.</source>
        <translation>
            <numerusform>%n žádost byla přerušena dřív, než dorazila odpověď; výsledek vyjasníte obnovením.</numerusform>
            <numerusform>%n žádosti byly přerušeny dřív, než dorazila odpověď; výsledek vyjasníte obnovením.</numerusform>
            <numerusform>%n žádostí bylo přerušeno dřív, než dorazila odpověď; výsledek vyjasníte obnovením.</numerusform>
        </translation>
    </message>
    <message>
        <source>The submission history (%1) is read-only: you can view it, but nothing can be submitted until it can be written.</source>
        <translation>Historie žádostí (%1) je jen pro čtení: můžete ji prohlížet, ale dokud do ní nepůjde zapisovat, nelze nic odeslat.</translation>
    </message>
    <message>
        <source>another desk</source>
        <translation>jiné pracoviště</translation>
    </message>
    <message>
        <source>Not sent: %1 already submitted this qualification for this customer on %2 (history row %3).</source>
        <translation>Neodesláno: tato kvalifikace už byla pro tohoto zákazníka odeslána %2. Odesílatel: %1 (řádek historie %3).</translation>
    </message>
    <message>
        <source>Your account on the team&apos;s history server (%1) may only read: you can view the history, but nothing can be submitted until you may write to it.</source>
        <translation>Váš účet na serveru historie týmu (%1) smí jen číst: historii můžete prohlížet, ale nic nelze odeslat, dokud do ní nebudete smět zapisovat.</translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minutu</numerusform>
            <numerusform>%n minuty</numerusform>
            <numerusform>%n minut</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n sekundu</numerusform>
            <numerusform>%n sekundy</numerusform>
            <numerusform>%n sekund</numerusform>
        </translation>
    </message>
    <message>
        <source>This computer&apos;s clock is %1 behind the history server&apos;s; new submissions carry the server&apos;s time, so the team&apos;s history stays in order.</source>
        <translation>Hodiny tohoto počítače se oproti serveru historie zpožďují o&#xa0;%1. Nové žádosti nesou čas serveru, takže historie týmu zůstane ve správném pořadí.</translation>
    </message>
    <message>
        <source>This computer&apos;s clock is %1 ahead of the history server&apos;s; new submissions carry the server&apos;s time, so the team&apos;s history stays in order.</source>
        <translation>Hodiny tohoto počítače se oproti serveru historie předbíhají o&#xa0;%1. Nové žádosti nesou čas serveru, takže historie týmu zůstane ve správném pořadí.</translation>
    </message>
    <message>
        <source>Your account on the team&apos;s history server (%1) may read the history but not write to it. Ask the server&apos;s administrator for write permission.</source>
        <translation>Váš účet na serveru historie týmu (%1) smí historii číst, ale ne do ní zapisovat. Požádejte správce serveru o oprávnění k&#xa0;zápisu.</translation>
    </message>
    <message>
        <source>The team&apos;s history server (%1) is busy. Try again in a moment.</source>
        <translation>Server historie týmu (%1) je zaneprázdněný. Zkuste to znovu za chvíli.</translation>
    </message>
    <message>
        <source>The team&apos;s history server (%1) is out of disk space.</source>
        <translation>Na serveru historie týmu (%1) došlo místo na disku.</translation>
    </message>
    <message>
        <source>The team&apos;s history server (%1) refused the user name or password. Check them in Settings.</source>
        <translation>Server historie týmu (%1) odmítl uživatelské jméno nebo heslo. Zkontrolujte je v&#xa0;Nastavení.</translation>
    </message>
    <message>
        <source>The history server address is not a PostgreSQL URL. Write it as postgresql://user@host:5432/database.</source>
        <translation>Adresa serveru historie není URL PostgreSQL. Zadejte ji ve tvaru postgresql://uživatel@server:5432/databáze.</translation>
    </message>
    <message>
        <source>The history server address has no host name. Write it as postgresql://user@host:5432/database.</source>
        <translation>V adrese serveru historie chybí název serveru. Zadejte ji ve tvaru postgresql://uživatel@server:5432/databáze.</translation>
    </message>
    <message>
        <source>The history server address has no user name. Write it as postgresql://user@host:5432/database.</source>
        <translation>V adrese serveru historie chybí uživatelské jméno. Zadejte ji ve tvaru postgresql://uživatel@server:5432/databáze.</translation>
    </message>
    <message>
        <source>The history server address names no database. Write it as postgresql://user@host:5432/database.</source>
        <translation>V adrese serveru historie chybí název databáze. Zadejte ji ve tvaru postgresql://uživatel@server:5432/databáze.</translation>
    </message>
    <message>
        <source>The history server address has an invalid port.</source>
        <translation>Adresa serveru historie obsahuje neplatný port.</translation>
    </message>
    <message>
        <source>The history server address has an option QualDesk does not know: %1.</source>
        <translation>Adresa serveru historie obsahuje volbu, kterou QualDesk nezná: %1.</translation>
    </message>
    <message numerus="yes">
        <source>%n submission(s) made while working offline were added to the team&apos;s history.</source>
        <translation>
            <numerusform>%n žádost odeslaná při práci offline byla přidána do historie týmu.</numerusform>
            <numerusform>%n žádosti odeslané při práci offline byly přidány do historie týmu.</numerusform>
            <numerusform>%n žádostí odeslaných při práci offline bylo přidáno do historie týmu.</numerusform>
        </translation>
    </message>
    <message>
        <source>The team&apos;s history server (%1) cannot be reached. Check the network, or work offline (Settings, or --offline) to keep the history on this computer for now.</source>
        <translation>Server historie týmu (%1) není dostupný. Zkontrolujte síť, nebo pracujte offline (Nastavení nebo --offline) a&#xa0;historii zatím ukládejte na tomto počítači.</translation>
    </message>
</context>
<context>
    <name>qd::ValidationCodePicker</name>
    <message>
        <source>Choose or type a code</source>
        <translation>Vyberte nebo zadejte kód</translation>
    </message>
    <message>
        <source>no uses left</source>
        <translation>vyčerpáno</translation>
    </message>
    <message>
        <source>%1 of %2 uses left</source>
        <translation>Zbývá %1 z %2</translation>
    </message>
    <message numerus="yes">
        <source>%n use(s) left</source>
        <translation>
            <numerusform>Zbývající použití: %n</numerusform>
            <numerusform>Zbývající použití: %n</numerusform>
            <numerusform>Zbývající použití: %n</numerusform>
        </translation>
    </message>
    <message>
        <source>This code has no uses left.</source>
        <translation>Tento kód je vyčerpán.</translation>
    </message>
    <message>
        <source>Loading your validation codes…</source>
        <translation>Načítání vašich ověřovacích kódů…</translation>
    </message>
    <message>
        <source>Partner Center lists no validation code for you; type the code you were given.</source>
        <translation>Partnerské centrum pro vás neuvádí žádný ověřovací kód; zadejte kód, který jste obdrželi.</translation>
    </message>
    <message>
        <source>Your validation codes could not be loaded; type the code instead.</source>
        <translation>Vaše ověřovací kódy se nepodařilo načíst; zadejte kód ručně.</translation>
    </message>
</context>
<context>
    <name>qd::VettingStatusModel</name>
    <message>
        <source>No vetting</source>
        <comment>vetting status of a qualification that is not vetted (state-owned entity)</comment>
        <translation>Bez prověření</translation>
    </message>
    <message>
        <source>Partner Center reported a status QualDesk does not know: %1</source>
        <translation>Partnerské centrum uvedlo stav, který QualDesk nezná: %1</translation>
    </message>
    <message>
        <source>Qualification</source>
        <translation>Kvalifikace</translation>
    </message>
    <message>
        <source>Vetting status</source>
        <translation>Stav prověření</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Důvod</translation>
    </message>
    <message>
        <source>Submitted</source>
        <comment>column: date the vetting started</comment>
        <translation>Zahájení prověření</translation>
    </message>
</context>
</TS>
