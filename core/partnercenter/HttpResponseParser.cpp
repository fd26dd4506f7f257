#include "HttpResponseParser.h"

namespace qd {

namespace {
constexpr qsizetype kMaxChunkLine = 4096;

bool hasToken(QByteArrayView list, QByteArrayView token)
{
    for (QByteArrayView item : QByteArray::fromRawData(list.data(), list.size()).split(',')) {
        if (item.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}
} // namespace

HttpResponseParser::HttpResponseParser(bool bodyExpected) : m_bodyExpected(bodyExpected) {}

QByteArray HttpResponseParser::header(QByteArrayView name) const
{
    for (const auto &[key, value] : m_headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

bool HttpResponseParser::keepAlive() const
{
    if (m_state != State::Done || m_closeFramed)
        return false;
    QByteArray connection;
    for (const auto &[key, value] : m_headers) {
        if (QByteArrayView(key).compare("connection", Qt::CaseInsensitive) == 0)
            connection += value + ',';
    }
    if (hasToken(connection, "close"))
        return false;
    return m_minor >= 1 || hasToken(connection, "keep-alive");
}

qsizetype HttpResponseParser::feed(QByteArrayView data)
{
    qsizetype pos = 0;
    if (!data.isEmpty())
        m_anyByte = true;
    while (pos < data.size() && m_state != State::Done && m_state != State::Failed) {
        QByteArray line;
        switch (m_state) {
        case State::StatusLine:
            if (!takeLine(data, pos, line))
                return pos;
            if (!line.isEmpty()) // stray empty lines before a status line are tolerated
                parseStatusLine(line);
            break;
        case State::Headers:
        case State::Trailers:
            if (!takeLine(data, pos, line))
                return pos;
            if (!line.isEmpty()) {
                if (m_state == State::Headers)
                    parseHeaderLine(line);
            } else if (m_state == State::Headers) {
                headersComplete();
            } else {
                m_state = State::Done;
            }
            break;
        case State::Body:
        case State::ChunkData: {
            const qsizetype take = qsizetype(std::min<qint64>(m_remaining, data.size() - pos));
            if (m_body.size() + take > kMaxBodyBytes) {
                fail("the answer is too large");
                break;
            }
            m_body.append(data.sliced(pos, take));
            pos += take;
            m_remaining -= take;
            if (m_remaining == 0)
                m_state = m_state == State::Body ? State::Done : State::ChunkEnd;
            break;
        }
        case State::ChunkSize: {
            if (!takeLine(data, pos, line))
                return pos;
            const qsizetype semicolon = line.indexOf(';'); // chunk extensions are ignored
            bool ok = false;
            const QByteArray digits = (semicolon < 0 ? line : line.left(semicolon)).trimmed();
            const qint64 size = digits.size() <= 15 ? digits.toLongLong(&ok, 16) : -1;
            if (!ok || size < 0) {
                fail("a chunk size is not a number");
                break;
            }
            m_remaining = size;
            m_state = size == 0 ? State::Trailers : State::ChunkData;
            break;
        }
        case State::ChunkEnd:
            if (!takeLine(data, pos, line))
                return pos;
            if (!line.isEmpty())
                fail("a chunk does not end where its size says");
            else
                m_state = State::ChunkSize;
            break;
        case State::UntilClose: {
            const qsizetype take = data.size() - pos;
            if (m_body.size() + take > kMaxBodyBytes) {
                fail("the answer is too large");
                break;
            }
            m_body.append(data.sliced(pos));
            pos = data.size();
            break;
        }
        case State::Done:
        case State::Failed:
            break;
        }
    }
    return pos;
}

void HttpResponseParser::finishOnClose()
{
    if (m_state == State::UntilClose)
        m_state = State::Done;
    else if (m_state != State::Done && m_state != State::Failed)
        fail(m_anyByte ? "the connection closed before the answer was complete"
                       : "the connection closed before any answer");
}

bool HttpResponseParser::takeLine(QByteArrayView data, qsizetype &pos, QByteArray &line)
{
    const qsizetype limit =
        m_state == State::ChunkSize || m_state == State::ChunkEnd ? kMaxChunkLine : kMaxHeaderBytes;
    const qsizetype newline = data.indexOf('\n', pos);
    const qsizetype end = newline < 0 ? data.size() : newline;
    const qsizetype length = end - pos;
    if (m_partialLine.size() + length > limit || (m_state != State::ChunkSize && m_state != State::ChunkEnd &&
                                                  m_headerBytes + length > kMaxHeaderBytes)) {
        fail("the header of the answer is too large");
        pos = data.size();
        return false;
    }
    if (m_state != State::ChunkSize && m_state != State::ChunkEnd)
        m_headerBytes += length + 1;
    m_partialLine.append(data.sliced(pos, length));
    if (newline < 0) {
        pos = data.size();
        return false;
    }
    pos = newline + 1;
    line = std::move(m_partialLine);
    m_partialLine = QByteArray();
    if (line.endsWith('\r'))
        line.chop(1);
    return true;
}

void HttpResponseParser::parseStatusLine(const QByteArray &line)
{
    // HTTP/1.1 201 Created  (the reason phrase may be empty or missing)
    if (line.size() < 12 || !line.startsWith("HTTP/1.") || line.at(8) != ' ') {
        fail("the answer does not start with an HTTP/1.x status line");
        return;
    }
    const char minor = line.at(7);
    bool ok = false;
    const int status = line.mid(9, 3).toInt(&ok);
    if (minor < '0' || minor > '9' || !ok || status < 100 || status > 599 ||
        (line.size() > 12 && line.at(12) != ' ')) {
        fail("the status line of the answer is not readable");
        return;
    }
    m_minor = minor - '0';
    m_status = status;
    m_headers.clear();
    m_state = State::Headers;
}

void HttpResponseParser::parseHeaderLine(const QByteArray &line)
{
    if ((line.front() == ' ' || line.front() == '\t') && !m_headers.isEmpty()) {
        m_headers.last().second += ' ' + line.trimmed(); // obsolete line folding
        return;
    }
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0) {
        fail("a header line of the answer is not readable");
        return;
    }
    const QByteArray name = line.left(colon);
    if (name.contains(' ') || name.contains('\t')) {
        fail("a header name of the answer is not readable");
        return;
    }
    m_headers.append({name, line.mid(colon + 1).trimmed()});
}

void HttpResponseParser::headersComplete()
{
    if (m_status < 200) {
        if (m_status == 101) {
            fail("the server switched protocols unasked");
            return;
        }
        m_state = State::StatusLine; // 100 Continue, 103 Early Hints: the real answer follows
        return;
    }
    if (!m_bodyExpected || m_status == 204 || m_status == 304) {
        m_state = State::Done;
        return;
    }
    const QByteArray transfer = header("transfer-encoding");
    if (!transfer.isEmpty()) {
        const QList<QByteArray> codings = transfer.split(',');
        if (codings.last().trimmed().compare("chunked", Qt::CaseInsensitive) == 0) {
            m_state = State::ChunkSize;
        } else {
            m_closeFramed = true;
            m_state = State::UntilClose;
        }
        return;
    }
    QByteArray length;
    for (const auto &[key, value] : std::as_const(m_headers)) {
        if (QByteArrayView(key).compare("content-length", Qt::CaseInsensitive) != 0)
            continue;
        // Repeated (or comma-joined) lengths must all agree.
        for (const QByteArray &part : value.split(',')) {
            const QByteArray v = part.trimmed();
            if (!length.isEmpty() && v != length) {
                fail("the answer gives two different lengths");
                return;
            }
            length = v;
        }
    }
    if (length.isEmpty()) {
        m_closeFramed = true;
        m_state = State::UntilClose;
        return;
    }
    bool ok = false;
    const qint64 size = length.size() <= 18 ? length.toLongLong(&ok) : -1;
    if (!ok || size < 0 || length.startsWith('+')) {
        fail("the length of the answer is not a number");
        return;
    }
    if (size > kMaxBodyBytes) {
        fail("the answer is too large");
        return;
    }
    m_remaining = size;
    m_body.reserve(qsizetype(size));
    m_state = size == 0 ? State::Done : State::Body;
}

void HttpResponseParser::fail(const char *why)
{
    m_state = State::Failed;
    m_failure = why;
}

} // namespace qd
