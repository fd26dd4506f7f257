#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>

namespace qd {

// Reads one HTTP/1.x response from bytes as they arrive, in any pieces: the status line, the
// headers, and a body framed by Content-Length, chunked transfer coding or the end of the
// connection. Interim 1xx answers are skipped. Pure: no sockets, no timers.
class HttpResponseParser
{
public:
    enum class State
    {
        StatusLine,
        Headers,
        Body,
        ChunkSize,
        ChunkData,
        ChunkEnd,
        Trailers,
        UntilClose,
        Done,
        Failed
    };

    // bodyExpected false: the request was a HEAD, so no body follows whatever the headers say.
    explicit HttpResponseParser(bool bodyExpected = true);

    // Consumes what it can of data; returns how many bytes it used. Bytes after a complete
    // response are left unread (they belong to nobody: the caller closes the connection).
    qsizetype feed(QByteArrayView data);
    // The connection ended: a body framed by the close is complete now; anything else is cut short.
    void finishOnClose();

    State state() const { return m_state; }
    bool isDone() const { return m_state == State::Done; }
    bool hasFailed() const { return m_state == State::Failed; }
    bool hasStatus() const { return m_status > 0; }
    // Nothing of the answer arrived yet (not even an interim 1xx).
    bool nothingReceived() const { return !m_anyByte; }
    QByteArray failure() const { return m_failure; }

    int status() const { return m_status; }
    int minorVersion() const { return m_minor; }
    const QList<QPair<QByteArray, QByteArray>> &headers() const { return m_headers; }
    // The first value of a header, names compared without case; empty when absent.
    QByteArray header(QByteArrayView name) const;
    const QByteArray &body() const { return m_body; }
    // The server keeps the connection open for another request.
    bool keepAlive() const;

    static constexpr qsizetype kMaxHeaderBytes = 64 * 1024;
    static constexpr qsizetype kMaxBodyBytes = 64 * 1024 * 1024;

private:
    bool takeLine(QByteArrayView data, qsizetype &pos, QByteArray &line);
    void parseStatusLine(const QByteArray &line);
    void parseHeaderLine(const QByteArray &line);
    void headersComplete();
    void fail(const char *why);

    State m_state = State::StatusLine;
    bool m_bodyExpected;
    bool m_anyByte = false;
    int m_status = 0;
    int m_minor = 1;
    qint64 m_remaining = 0;     // of Content-Length or the current chunk
    bool m_closeFramed = false; // the body ends with the connection
    qsizetype m_headerBytes = 0;
    QByteArray m_partialLine;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    QByteArray m_body;
    QByteArray m_failure;
};

} // namespace qd
