<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ApiError</name>
    <message numerus="yes">
        <source>Partner Center is receiving too many requests. Try again in %n second(s).</source>
        <translation>
            <numerusform>Partner Center is receiving too many requests. Try again in %n second.</numerusform>
            <numerusform>Partner Center is receiving too many requests. Try again in %n seconds.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Retry after: %n second(s)</source>
        <translation>
            <numerusform>Retry after: %n second</numerusform>
            <numerusform>Retry after: %n seconds</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BulkCommand</name>
    <message numerus="yes">
        <source>Checking %n customer(s) at Partner Center...</source>
        <translation>
            <numerusform>Checking %n customer at Partner Center...</numerusform>
            <numerusform>Checking %n customers at Partner Center...</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Bulk run %1 started: %n row(s) to send.</source>
        <translation>
            <numerusform>Bulk run %1 started: %n row to send.</numerusform>
            <numerusform>Bulk run %1 started: %n rows to send.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) skipped because of problems (listed at the end).</source>
        <translation>
            <numerusform>%n row skipped because of problems (listed at the end).</numerusform>
            <numerusform>%n rows skipped because of problems (listed at the end).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Bulk run %1 resumed: %n row(s) to settle or send.</source>
        <translation>
            <numerusform>Bulk run %1 resumed: %n row to settle or send.</numerusform>
            <numerusform>Bulk run %1 resumed: %n rows to settle or send.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Partner Center asks to slow down; waiting %n second(s).</source>
        <translation>
            <numerusform>Partner Center asks to slow down; waiting %n second.</numerusform>
            <numerusform>Partner Center asks to slow down; waiting %n seconds.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) can be sent</source>
        <translation>
            <numerusform>%n row can be sent</numerusform>
            <numerusform>%n rows can be sent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) have problems.</source>
        <translation>
            <numerusform>%n row has problems.</numerusform>
            <numerusform>%n rows have problems.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BulkInput</name>
    <message numerus="yes">
        <source>%n more line(s) have more fields than the header.</source>
        <translation>
            <numerusform>%n more line has more fields than the header.</numerusform>
            <numerusform>%n more lines have more fields than the header.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BulkProgress</name>
    <message numerus="yes">
        <source>%n at once</source>
        <translation>
            <numerusform>%n at once</numerusform>
            <numerusform>%n at once</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BulkSummary</name>
    <message numerus="yes">
        <source>%n row(s) not sent yet; resume the run to send them.</source>
        <translation>
            <numerusform>%n row not sent yet; resume the run to send it.</numerusform>
            <numerusform>%n rows not sent yet; resume the run to send them.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Duration</name>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n s</numerusform>
            <numerusform>%n s</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryCommand</name>
    <message numerus="yes">
        <source>Exported %n submission(s) to %1.</source>
        <translation>
            <numerusform>Exported %n submission to %1.</numerusform>
            <numerusform>Exported %n submissions to %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Showing the newest %1 of %n submission(s); use --limit 0 to see all.</source>
        <translation>
            <numerusform>Showing the newest %1 of %n submission; use --limit 0 to see all.</numerusform>
            <numerusform>Showing the newest %1 of %n submissions; use --limit 0 to see all.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RefreshCommand</name>
    <message numerus="yes">
        <source>%n submission(s) are still unknown: Partner Center does not have them. Run qualdesk-cli refresh --retry-unknown to send them again with their original request ID.</source>
        <translation>
            <numerusform>%n submission is still unknown: Partner Center does not have it. Run qualdesk-cli refresh --retry-unknown to send it again with its original request ID.</numerusform>
            <numerusform>%n submissions are still unknown: Partner Center does not have them. Run qualdesk-cli refresh --retry-unknown to send them again with their original request ID.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RefreshSummary</name>
    <message numerus="yes">
        <source>No changes; %n submission(s) checked.</source>
        <translation>
            <numerusform>No changes; %n submission checked.</numerusform>
            <numerusform>No changes; %n submissions checked.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s):</source>
        <translation>
            <numerusform>%n change:</numerusform>
            <numerusform>%n changes:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n submission(s) still have an unknown outcome.</source>
        <translation>
            <numerusform>%n submission still has an unknown outcome.</numerusform>
            <numerusform>%n submissions still have an unknown outcome.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) could not be read: %1</source>
        <translation>
            <numerusform>%n customer could not be read: %1</numerusform>
            <numerusform>%n customers could not be read: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchCommand</name>
    <message numerus="yes">
        <source>%n customer(s)</source>
        <translation>
            <numerusform>%n customer</numerusform>
            <numerusform>%n customers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>qd::BrowserSignIn</name>
    <message numerus="yes">
        <source>The sign-in was not completed within %n minute(s). If the browser window was closed, start the sign-in again.</source>
        <translation>
            <numerusform>The sign-in was not completed within %n minute. If the browser window was closed, start the sign-in again.</numerusform>
            <numerusform>The sign-in was not completed within %n minutes. If the browser window was closed, start the sign-in again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>qd::BulkPanel</name>
    <message numerus="yes">
        <source>%n row(s) ready to send</source>
        <translation>
            <numerusform>%n row ready to send</numerusform>
            <numerusform>%n rows ready to send</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) with problems (skipped)</source>
        <translation>
            <numerusform>%n row with problems (skipped)</numerusform>
            <numerusform>%n rows with problems (skipped)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Partner Center asked to slow down; sending resumes in %n second(s), more gently.</source>
        <translation>
            <numerusform>Partner Center asked to slow down; sending resumes in %n second, more gently.</numerusform>
            <numerusform>Partner Center asked to slow down; sending resumes in %n seconds, more gently.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved %n row(s) to %1.</source>
        <translation>
            <numerusform>Saved %n row to %1.</numerusform>
            <numerusform>Saved %n rows to %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s)</source>
        <translation>
            <numerusform>%n row</numerusform>
            <numerusform>%n rows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>A bulk run was interrupted with %n row(s) not finished. Continue it to settle and send them.</source>
        <translation>
            <numerusform>A bulk run was interrupted with %n row not finished. Continue it to settle and send them.</numerusform>
            <numerusform>A bulk run was interrupted with %n rows not finished. Continue it to settle and send them.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>qd::CustomerSearchPanel</name>
    <message numerus="yes">
        <source>%n customer(s) found</source>
        <translation>
            <numerusform>%n customer found</numerusform>
            <numerusform>%n customers found</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) shown, more load as you scroll</source>
        <translation>
            <numerusform>%n customer shown, more load as you scroll</numerusform>
            <numerusform>%n customers shown, more load as you scroll</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>qd::DiagnosticsLog</name>
    <message numerus="yes">
        <source>Request timeout: %n second(s)</source>
        <translation>
            <numerusform>Request timeout: %n second</numerusform>
            <numerusform>Request timeout: %n seconds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n failed request(s), oldest first:</source>
        <translation>
            <numerusform>Last %n failed request, oldest first:</numerusform>
            <numerusform>Last %n failed requests, oldest first:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>qd::HistoryPanel</name>
    <message numerus="yes">
        <source>%n submission(s)</source>
        <translation>
            <numerusform>%n submission</numerusform>
            <numerusform>%n submissions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) exported to %1.</source>
        <translation>
            <numerusform>%n row exported to %1.</numerusform>
            <numerusform>%n rows exported to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>qd::SettingsDialog</name>
    <message numerus="yes">
        <source>Connected, read only: %n submission(s) in the team&apos;s history.</source>
        <translation>
            <numerusform>Connected, read only: %n submission in the team&apos;s history.</numerusform>
            <numerusform>Connected, read only: %n submissions in the team&apos;s history.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Connected: %n submission(s) in the team&apos;s history.</source>
        <translation>
            <numerusform>Connected: %n submission in the team&apos;s history.</numerusform>
            <numerusform>Connected: %n submissions in the team&apos;s history.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>qd::SubmissionStore</name>
    <message numerus="yes">
        <source>%n submission(s) were interrupted before their answer arrived; refresh to settle them.</source>
        <translation>
            <numerusform>%n submission was interrupted before its answer arrived; refresh to settle it.</numerusform>
            <numerusform>%n submissions were interrupted before their answer arrived; refresh to settle them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n second</numerusform>
            <numerusform>%n seconds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n submission(s) made while working offline were added to the team&apos;s history.</source>
        <translation>
            <numerusform>%n submission made while working offline was added to the team&apos;s history.</numerusform>
            <numerusform>%n submissions made while working offline were added to the team&apos;s history.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>qd::ValidationCodePicker</name>
    <message numerus="yes">
        <source>%n use(s) left</source>
        <translation>
            <numerusform>%n use left</numerusform>
            <numerusform>%n uses left</numerusform>
        </translation>
    </message>
</context>
</TS>
