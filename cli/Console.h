#pragma once

#include <QJsonValue>
#include <QString>
#include <cstdio>

namespace qd::cli {

// Where the CLI writes: results on stdout (a table, or JSON with --json), messages and
// prompts on stderr, always UTF-8. Tests hand in their own FILE pointers.
class Console
{
public:
    explicit Console(FILE *out = stdout, FILE *err = stderr);

    bool json() const { return m_json; }
    void setJson(bool on) { m_json = on; }
    bool verbose() const { return m_verbose; }
    void setVerbose(bool on) { m_verbose = on; }

    // Result text on stdout, as is.
    void print(const QString &text) const;
    // A JSON document on stdout, indented, with a final newline.
    void printJson(const QJsonValue &value) const;
    // A message for the user on stderr, newline added.
    void message(const QString &text) const;
    // An error on stderr: "qualdesk-cli: <text>".
    void error(const QString &text) const;
    // A diagnostic on stderr, only with --verbose.
    void debug(const QString &text) const;

private:
    static void write(FILE *file, const QString &text);

    FILE *m_out;
    FILE *m_err;
    bool m_json = false;
    bool m_verbose = false;
};

} // namespace qd::cli
