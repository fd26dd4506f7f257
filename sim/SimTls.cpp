#include "SimTls.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace qd::sim {

namespace {

// Extensions for both certificates; the subject comes from -subj.
constexpr char kConfig[] = R"([req]
distinguished_name = dn
prompt = no
[dn]
CN = QualDesk simulator
[ca_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, IP:::1, DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
)";

bool runOpenssl(const QString &program, const QString &dir, const QStringList &args, QString *error)
{
    QProcess process;
    process.setWorkingDirectory(dir);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, args);
    if (!process.waitForStarted(10000) || !process.waitForFinished(60000) ||
        process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        *error = u"openssl %1 failed: %2 %3"_s.arg(args.value(0), process.errorString(),
                                                   QString::fromLocal8Bit(process.readAll()).trimmed());
        return false;
    }
    return true;
}

QByteArray readAndMaybeRemove(const QString &path, bool remove)
{
    QFile file(path);
    QByteArray data;
    if (file.open(QIODevice::ReadOnly))
        data = file.readAll();
    file.close();
    if (remove)
        QFile::remove(path);
    return data;
}

} // namespace

bool makeSimTlsMaterial(const QString &dir, SimTlsMaterial *out, QString *error)
{
    const QString openssl = QStandardPaths::findExecutable(u"openssl"_s);
    if (openssl.isEmpty()) {
        *error = u"--tls needs the openssl program (Debian package openssl)"_s;
        return false;
    }
    const QDir d(dir);
    QFile config(d.filePath(u"tls.cnf"_s));
    if (!config.open(QIODevice::WriteOnly) || config.write(kConfig) < 0) {
        *error = u"cannot write %1"_s.arg(config.fileName());
        return false;
    }
    config.close();
    const QStringList ecKey{u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s, u"ec_paramgen_curve:prime256v1"_s,
                            u"-nodes"_s};
    const QString serial = QString::number(QRandomGenerator::system()->bounded(Q_INT64_C(1) << 62));
    if (!runOpenssl(openssl, dir,
                    QStringList{u"req"_s, u"-x509"_s, u"-config"_s, u"tls.cnf"_s, u"-extensions"_s,
                                u"ca_ext"_s, u"-days"_s, u"7"_s, u"-subj"_s,
                                u"/CN=QualDesk simulator throwaway CA"_s, u"-keyout"_s, u"ca.key"_s,
                                u"-out"_s, u"ca.pem"_s} +
                        ecKey,
                    error) ||
        !runOpenssl(openssl, dir,
                    QStringList{u"req"_s, u"-new"_s, u"-config"_s, u"tls.cnf"_s, u"-subj"_s,
                                u"/CN=127.0.0.1"_s, u"-keyout"_s, u"server.key"_s, u"-out"_s,
                                u"server.csr"_s} +
                        ecKey,
                    error) ||
        !runOpenssl(openssl, dir,
                    {u"x509"_s, u"-req"_s, u"-in"_s, u"server.csr"_s, u"-CA"_s, u"ca.pem"_s, u"-CAkey"_s,
                     u"ca.key"_s, u"-set_serial"_s, serial, u"-days"_s, u"7"_s, u"-extfile"_s, u"tls.cnf"_s,
                     u"-extensions"_s, u"server_ext"_s, u"-out"_s, u"server.pem"_s},
                    error)) {
        QFile::remove(d.filePath(u"ca.key"_s));
        QFile::remove(d.filePath(u"server.key"_s));
        return false;
    }
    // The keys go into memory and off the disk at once; only the CA certificate stays.
    readAndMaybeRemove(d.filePath(u"ca.key"_s), true);
    const QByteArray key = readAndMaybeRemove(d.filePath(u"server.key"_s), true);
    readAndMaybeRemove(d.filePath(u"server.csr"_s), true);
    readAndMaybeRemove(d.filePath(u"tls.cnf"_s), true);
    const QByteArray certificate = readAndMaybeRemove(d.filePath(u"server.pem"_s), true);
    out->caFile = d.filePath(u"ca.pem"_s);
    out->ca = QSslCertificate(readAndMaybeRemove(out->caFile, false), QSsl::Pem);
    out->certificate = QSslCertificate(certificate, QSsl::Pem);
    out->key = QSslKey(key, QSsl::Ec, QSsl::Pem);
    if (out->ca.isNull() || out->certificate.isNull() || out->key.isNull()) {
        *error = u"openssl made a certificate or key Qt cannot read"_s;
        return false;
    }
    return true;
}

} // namespace qd::sim
