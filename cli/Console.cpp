#include "Console.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace qd::cli {

Console::Console(FILE *out, FILE *err) : m_out(out), m_err(err) {}

void Console::write(FILE *file, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), file);
    std::fflush(file);
}

void Console::print(const QString &text) const
{
    write(m_out, text);
}

void Console::printJson(const QJsonValue &value) const
{
    QJsonDocument doc;
    if (value.isArray())
        doc.setArray(value.toArray());
    else if (value.isObject())
        doc.setObject(value.toObject());
    else
        doc.setArray(QJsonArray{value}); // never happens for our shapes; keeps output valid JSON
    write(m_out, QString::fromUtf8(doc.toJson(QJsonDocument::Indented)));
}

void Console::message(const QString &text) const
{
    write(m_err, text + u'\n');
}

void Console::error(const QString &text) const
{
    write(m_err, "qualdesk-cli: "_L1 + text + u'\n');
}

void Console::debug(const QString &text) const
{
    if (m_verbose)
        write(m_err, "qualdesk-cli: "_L1 + text + u'\n');
}

} // namespace qd::cli
