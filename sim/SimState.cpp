#include "SimState.h"

#include "SimLog.h"

#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace qd::sim {

namespace {

const QString kInReview = u"InReview"_s;

// Looks a key up ignoring case: the legacy contract sent "Qualification" with a capital Q.
QJsonValue valueOf(const QJsonObject &object, const QString &key)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key().compare(key, Qt::CaseInsensitive) == 0)
            return it.value();
    }
    return {};
}

QString stringOf(const QJsonValue &value)
{
    if (value.isString())
        return value.toString().trimmed();
    if (value.isDouble())
        return QString::number(value.toInteger());
    return {};
}

} // namespace

SimState::SimState() : m_now([] { return QDateTime::currentDateTimeUtc(); }) {}

QString SimState::builtInSeedPath()
{
    return u":/sim/seed.json"_s;
}

bool SimState::loadSeedFile(const QString &path, QString *error)
{
    QFile file(path.isEmpty() ? builtInSeedPath() : path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = u"Cannot read the seed file %1: %2"_s.arg(file.fileName(), file.errorString());
        return false;
    }
    return loadSeed(file.readAll(), error);
}

bool SimState::loadSeed(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject()) {
        if (error)
            *error = u"The seed is not a JSON object: %1"_s.arg(parseError.errorString());
        return false;
    }
    const QJsonObject root = doc.object();
    const QJsonObject partner = root.value(u"partner"_s).toObject();
    m_partnerTenantId = partner.value(u"tenantId"_s).toString().toLower();
    m_partnerName = partner.value(u"companyName"_s).toString();
    if (!isGuid(m_partnerTenantId)) {
        if (error)
            *error = u"The seed's partner.tenantId is not a GUID."_s;
        return false;
    }

    m_users.clear();
    for (const QJsonValue &v : root.value(u"users"_s).toArray()) {
        const QJsonObject u = v.toObject();
        m_users.append(
            {u.value(u"upn"_s).toString(), u.value(u"name"_s).toString(), u.value(u"oid"_s).toString()});
    }

    m_customers.clear();
    m_index.clear();
    m_settling.clear();
    for (const QJsonValue &v : root.value(u"customers"_s).toArray()) {
        const QJsonObject c = v.toObject();
        CustomerRecord rec;
        rec.customer.id = c.value(u"id"_s).toString().toLower();
        if (!isGuid(rec.customer.id) || m_index.contains(rec.customer.id)) {
            if (error)
                *error = u"The seed has a customer with a missing, invalid or repeated id: %1"_s.arg(
                    rec.customer.id);
            return false;
        }
        rec.customer.companyName = c.value(u"companyName"_s).toString();
        rec.customer.domain = c.value(u"domain"_s).toString();
        rec.customer.city = c.value(u"city"_s).toString();
        rec.customer.country = c.value(u"country"_s).toString();
        rec.customer.email = c.value(u"email"_s).toString();
        rec.customer.taggingDenied = c.value(u"taggingDenied"_s).toBool();
        const QJsonObject outcome = c.value(u"vettingOutcome"_s).toObject();
        for (auto it = outcome.begin(); it != outcome.end(); ++it) {
            const QJsonObject o = it.value().toObject();
            rec.customer.vettingOutcome.insert(
                it.key().toLower(), {o.value(u"status"_s).toString(), o.value(u"reason"_s).toString()});
        }
        for (const QJsonValue &q : c.value(u"qualifications"_s).toArray())
            rec.qualifications.append(
                {q.toObject(), {}}); // seed entries keep their state until settled by hand
        m_index.insert(rec.customer.id, m_customers.size());
        m_customers.append(rec);
    }

    m_codes.clear();
    for (const QJsonValue &v : root.value(u"validationCodes"_s).toArray()) {
        QJsonObject code = v.toObject();
        code.remove(u"fixture"_s);
        m_codes.append(code);
    }
    m_created.clear();
    m_duplicates = 0;
    m_answers.clear();
    qCDebug(lcSim) << "seed loaded:" << m_customers.size() << "customers," << m_codes.size()
                   << "validation codes";
    return true;
}

void SimState::setNow(NowFn now)
{
    m_now = now ? std::move(now) : NowFn([] { return QDateTime::currentDateTimeUtc(); });
}

QDateTime SimState::now() const
{
    return m_now().toUTC();
}

const SimCustomer *SimState::customer(const QString &tenantId) const
{
    const auto it = m_index.constFind(tenantId.toLower());
    return it == m_index.cend() ? nullptr : &m_customers.at(*it).customer;
}

SimState::CustomerRecord *SimState::record(const QString &tenantId)
{
    const auto it = m_index.constFind(tenantId.toLower());
    return it == m_index.cend() ? nullptr : &m_customers[*it];
}

QList<const SimCustomer *> SimState::search(SearchField field, const QString &prefix) const
{
    QList<const SimCustomer *> found;
    for (const CustomerRecord &rec : m_customers) {
        const SimCustomer &c = rec.customer;
        bool match = true;
        if (field == SearchField::CompanyName)
            match = c.companyName.startsWith(prefix, Qt::CaseInsensitive);
        else if (field == SearchField::Domain)
            match = c.domain.startsWith(prefix, Qt::CaseInsensitive);
        if (match)
            found.append(&c);
    }
    return found;
}

QJsonArray SimState::qualifications(const QString &tenantId)
{
    settleDueVetting();
    QJsonArray out;
    if (CustomerRecord *rec = record(tenantId)) {
        for (const StoredQualification &q : rec->qualifications)
            out.append(q.json);
    }
    return out;
}

QJsonArray SimState::validationCodes() const
{
    QJsonArray out;
    for (const QJsonObject &code : m_codes)
        out.append(code);
    return out;
}

std::optional<QJsonObject> SimState::validationCode(const QString &validationId) const
{
    for (const QJsonObject &code : m_codes) {
        if (stringOf(code.value(u"validationId"_s)) == validationId)
            return code;
    }
    return std::nullopt;
}

QString SimState::canonicalQualification(const QString &name)
{
    static const QStringList known = {u"None"_s, u"Education"_s, u"Nonprofit"_s,
                                      u"GovernmentCommunityCloud"_s, u"StateOwnedEntity"_s};
    for (const QString &k : known) {
        if (k.compare(name, Qt::CaseInsensitive) == 0)
            return k;
    }
    return {};
}

bool SimState::isPlausibleWebsite(const QString &website)
{
    // Optional http(s) scheme, a host of at least two dot-separated labels, optional port and path.
    static const QRegularExpression re(
        u"^(https?://)?([\\p{L}\\p{N}]([\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?\\.)+\\p{L}{2,63}(:\\d{1,5})?(/\\S*)?$"_s,
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption);
    return re.match(website).hasMatch();
}

SimState::CreateOutcome SimState::createQualification(const QString &tenantId, const QByteArray &body,
                                                      const QString &queryCode)
{
    CreateOutcome out;
    CustomerRecord *rec = record(tenantId);
    if (!rec) {
        out.error = CreateError::UnknownCustomer;
        out.detail = tenantId;
        return out;
    }
    settleDueVetting();

    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (!doc.isObject()) {
        out.error = CreateError::InvalidBody;
        return out;
    }
    const QJsonObject request = doc.object();
    const QString raw = stringOf(valueOf(request, u"qualification"_s));
    if (raw.isEmpty()) {
        out.error = CreateError::MissingQualification;
        return out;
    }
    const QString qualification = canonicalQualification(raw);
    out.detail = raw;
    if (qualification.isEmpty()) {
        out.error = CreateError::UnknownQualification;
        return out;
    }
    if (qualification == u"None"_s || qualification == u"Nonprofit"_s) {
        out.error = CreateError::NotSettable;
        return out;
    }

    QString codeId;
    if (qualification == u"Education"_s) {
        const QString segment = stringOf(valueOf(request, u"educationSegment"_s));
        if (segment.isEmpty()) {
            out.error = CreateError::MissingSegment;
            return out;
        }
        if (segment.compare(u"K12"_s, Qt::CaseInsensitive) != 0 &&
            segment.compare(u"HigherEducation"_s, Qt::CaseInsensitive) != 0) {
            out.error = CreateError::InvalidSegment;
            out.detail = segment;
            return out;
        }
        const QString website = stringOf(valueOf(request, u"website"_s));
        if (!website.isEmpty() && !isPlausibleWebsite(website)) {
            out.error = CreateError::InvalidWebsite;
            out.detail = website;
            return out;
        }
    } else if (qualification == u"GovernmentCommunityCloud"_s) {
        codeId = stringOf(valueOf(request, u"validationCode"_s));
        if (codeId.isEmpty())
            codeId = queryCode.trimmed();
        if (codeId.isEmpty()) {
            out.error = CreateError::MissingCode;
            return out;
        }
        const std::optional<QJsonObject> code = validationCode(codeId);
        out.detail = codeId;
        if (!code) {
            out.error = CreateError::UnknownCode;
            return out;
        }
        const QJsonValue remaining = code->value(u"remainingCreates"_s);
        if (!remaining.isNull() && !remaining.isUndefined() && remaining.toInt() <= 0) {
            out.error = CreateError::ExhaustedCode;
            return out;
        }
    }

    if (qualification == u"Education"_s && rec->customer.taggingDenied) {
        out.error = CreateError::TaggingDenied;
        return out;
    }
    for (const StoredQualification &q : std::as_const(rec->qualifications)) {
        if (stringOf(valueOf(q.json, u"qualification"_s)).compare(qualification, Qt::CaseInsensitive) == 0) {
            out.error = CreateError::Duplicate;
            out.detail = qualification;
            ++m_duplicates;
            return out;
        }
    }

    // All checks passed: from here on the request has an effect.
    StoredQualification stored;
    stored.json.insert(u"qualification"_s, qualification);
    if (qualification != u"StateOwnedEntity"_s) {
        stored.pendingSince = now();
        stored.json.insert(u"vettingStatus"_s, kInReview);
        stored.json.insert(u"vettingCreateDate"_s, stored.pendingSince.toString(Qt::ISODateWithMs));
    }
    if (!codeId.isEmpty()) {
        for (QJsonObject &code : m_codes) {
            if (stringOf(code.value(u"validationId"_s)) == codeId &&
                code.value(u"remainingCreates"_s).isDouble())
                code.insert(u"remainingCreates"_s, code.value(u"remainingCreates"_s).toInt() - 1);
        }
    }
    rec->qualifications.append(stored);
    if (stored.pendingSince.isValid())
        m_settling.append({m_index.value(rec->customer.id), rec->qualifications.size() - 1});
    m_created[rec->customer.id] += 1;
    out.created = stored.json;
    qCInfo(lcSim) << "created" << qualification << "for customer" << rec->customer.id;
    return out;
}

void SimState::settle(CustomerRecord &rec, StoredQualification &q)
{
    const QString name = stringOf(valueOf(q.json, u"qualification"_s));
    const auto outcome = rec.customer.vettingOutcome.value(name.toLower(), {u"Approved"_s, QString()});
    q.json.insert(u"vettingStatus"_s, outcome.first.isEmpty() ? u"Approved"_s : outcome.first);
    if (!outcome.second.isEmpty())
        q.json.insert(u"vettingReason"_s, outcome.second);
    q.pendingSince = {};
}

void SimState::settleDueVetting()
{
    if (m_settling.isEmpty())
        return;
    const QDateTime current = now();
    m_settling.removeIf([&](const std::pair<qsizetype, qsizetype> &at) {
        CustomerRecord &rec = m_customers[at.first];
        StoredQualification &q = rec.qualifications[at.second];
        if (!q.pendingSince.isValid())
            return true; // settled by hand meanwhile
        if (q.pendingSince.msecsTo(current) < m_vettingDelayMs)
            return false;
        if (q.json.value(u"vettingStatus"_s).toString() == kInReview)
            settle(rec, q);
        q.pendingSince = {};
        return true;
    });
}

void SimState::settleAllVetting()
{
    for (CustomerRecord &rec : m_customers) {
        for (StoredQualification &q : rec.qualifications) {
            if (q.json.value(u"vettingStatus"_s).toString() == kInReview)
                settle(rec, q);
        }
    }
}

std::optional<SimResponse> SimState::rememberedAnswer(const QString &key) const
{
    const auto it = m_answers.constFind(key);
    if (it == m_answers.cend())
        return std::nullopt;
    return *it;
}

void SimState::rememberAnswer(const QString &key, const SimResponse &answer)
{
    if (!key.isEmpty() && !m_answers.contains(key))
        m_answers.insert(key, answer);
}

} // namespace qd::sim
