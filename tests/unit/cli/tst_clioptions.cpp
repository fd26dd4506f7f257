#include "CliOptions.h"
#include "CommandRegistry.h"
#include "ExitCodes.h"
#include "commands/HistoryCommands.h"
#include "commands/QualifyCommand.h"

#include <QCommandLineParser>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace qd::cli;

class TestCliOptions : public QObject
{
    Q_OBJECT

private:
    static QStringList argv(const QStringList &args) { return QStringList{u"qualdesk-cli"_s} + args; }

private slots:
    void globalFindsTheCommand_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("command");
        QTest::newRow("plain") << QStringList{u"customer"_s, u"x"_s} << u"customer"_s;
        QTest::newRow("option value is not the command")
            << QStringList{u"--lang"_s, u"cs"_s,  u"--base-url"_s, u"http://127.0.0.1:1"_s,
                           u"search"_s, u"Brno"_s}
            << u"search"_s;
        QTest::newRow("json first") << QStringList{u"--json"_s, u"validation-codes"_s}
                                    << u"validation-codes"_s;
        QTest::newRow("command options after the command are left alone")
            << QStringList{u"qualify"_s, u"x"_s, u"education"_s, u"--segment"_s, u"K12"_s} << u"qualify"_s;
        QTest::newRow("none") << QStringList{u"--json"_s} << QString();
    }

    void globalFindsTheCommand()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, command);
        QCommandLineParser parser;
        const CliOptions::Global g = CliOptions::parseGlobal(parser, argv(args));
        QVERIFY2(g.ok, qPrintable(g.error));
        QCOMPARE(g.command, command);
    }

    void globalRejectsUnknownOptions()
    {
        QCommandLineParser parser;
        const CliOptions::Global g =
            CliOptions::parseGlobal(parser, argv({u"--frobnicate"_s, u"customer"_s}));
        QVERIFY(!g.ok);
        QVERIFY(g.error.contains(u"frobnicate"_s));
    }

    void commandOptionsAnywhere()
    {
        CommandRegistry registry;
        Command *qualify = registry.find(u"qualify"_s);
        QVERIFY(qualify);
        QCommandLineParser parser;
        QStringList positionals;
        QString error;
        QVERIFY(CliOptions::parseCommand(parser, *qualify,
                                         argv({u"--json"_s, u"qualify"_s, u"ID"_s, u"--lang"_s, u"cs"_s,
                                               u"education"_s, u"--segment"_s, u"K12"_s}),
                                         &positionals, &error));
        QCOMPARE(positionals, (QStringList{u"ID"_s, u"education"_s}));
        QVERIFY(parser.isSet(u"json"_s));
        QCOMPARE(parser.value(u"lang"_s), u"cs"_s);
        QCOMPARE(parser.value(u"segment"_s), u"K12"_s);
    }

    void optionsOfAnotherCommandAreRejected()
    {
        CommandRegistry registry;
        QCommandLineParser parser;
        QString error;
        QVERIFY(!CliOptions::parseCommand(parser, *registry.find(u"customer"_s),
                                          argv({u"customer"_s, u"ID"_s, u"--segment"_s, u"K12"_s}), nullptr,
                                          &error));
        QVERIFY(error.contains(u"segment"_s));
    }

    void helpListsEveryCommandAndExitCode()
    {
        CommandRegistry registry;
        QCommandLineParser parser;
        CliOptions::addGlobalOptions(parser);
        const QString help = CliOptions::globalHelp(parser, registry);
        for (const auto &command : registry.commands())
            QVERIFY2(help.contains(u"  "_s + command->name() + u' '), qPrintable(command->name()));
        for (const QString &word : {u"--base-url"_s, u"--lang"_s, u"--json"_s, u"--data-dir"_s, u"--demo"_s,
                                    u"QUALDESK_ACCESS_TOKEN"_s})
            QVERIFY2(help.contains(word), qPrintable(word));
        for (int code : {0, 2, 3, 4, 5})
            QVERIFY(help.contains(u"  %1  "_s.arg(code)));

        QCommandLineParser qualifyParser;
        CliOptions::parseCommand(qualifyParser, *registry.find(u"qualify"_s), argv({u"qualify"_s}), nullptr,
                                 nullptr);
        const QString qualifyHelp = CliOptions::commandHelp(qualifyParser, *registry.find(u"qualify"_s));
        QVERIFY(qualifyHelp.contains(u"--segment"_s));
        QVERIFY(qualifyHelp.contains(u"qualify TENANT_ID gcc --code VALIDATION_ID"_s));
    }

    void registryNamesAreUnique()
    {
        CommandRegistry registry;
        QSet<QString> names;
        for (const auto &command : registry.commands()) {
            QVERIFY(!names.contains(command->name()));
            names.insert(command->name());
            QCOMPARE(registry.find(command->name()), command.get());
        }
        QVERIFY(!registry.find(u"nonsense"_s));
    }

    void exitCodes()
    {
        using K = qd::ApiError::Kind;
        QCOMPARE(ExitCodes::forKind(K::None), 0);
        QCOMPARE(ExitCodes::forKind(K::InvalidInput), 2);
        QCOMPARE(ExitCodes::forKind(K::Rejected), 3);
        QCOMPARE(ExitCodes::forKind(K::Network), 4);
        QCOMPARE(ExitCodes::forKind(K::Throttled), 4);
        QCOMPARE(ExitCodes::forKind(K::OutcomeUnknown), 4);
        QCOMPARE(ExitCodes::forKind(K::Protocol), 4);
        QCOMPARE(ExitCodes::forKind(K::Authentication), 5);
    }

    void qualifyRequest_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("apiName");
        QTest::newRow("education") << QStringList{u"education"_s, u"--segment"_s, u"K12"_s} << true
                                   << u"Education"_s;
        QTest::newRow("Education api name, any case")
            << QStringList{u"EDUCATION"_s, u"--segment=HigherEducation"_s, u"--website"_s, u"muni.cz"_s}
            << true << u"Education"_s;
        QTest::newRow("gcc") << QStringList{u"gcc"_s, u"--code"_s, u"582641"_s} << true
                             << u"GovernmentCommunityCloud"_s;
        QTest::newRow("GovernmentCommunityCloud")
            << QStringList{u"governmentcommunitycloud"_s, u"--code"_s, u"582641"_s} << true
            << u"GovernmentCommunityCloud"_s;
        QTest::newRow("soe") << QStringList{u"soe"_s} << true << u"StateOwnedEntity"_s;
        QTest::newRow("StateOwnedEntity")
            << QStringList{u"StateOwnedEntity"_s} << true << u"StateOwnedEntity"_s;
        QTest::newRow("education without segment") << QStringList{u"education"_s} << false << QString();
        QTest::newRow("unknown segment")
            << QStringList{u"education"_s, u"--segment"_s, u"University"_s} << false << QString();
        QTest::newRow("gcc without code") << QStringList{u"gcc"_s} << false << QString();
        QTest::newRow("nonprofit") << QStringList{u"Nonprofit"_s} << false << QString();
        QTest::newRow("none") << QStringList{u"none"_s} << false << QString();
        QTest::newRow("unknown word") << QStringList{u"charity"_s} << false << QString();
        QTest::newRow("segment on soe")
            << QStringList{u"soe"_s, u"--segment"_s, u"K12"_s} << false << QString();
        QTest::newRow("code on education")
            << QStringList{u"education"_s, u"--segment"_s, u"K12"_s, u"--code"_s, u"1"_s} << false
            << QString();
        QTest::newRow("bad website") << QStringList{u"education"_s, u"--segment"_s, u"K12"_s, u"--website"_s,
                                                    u"not a host"_s}
                                     << false << QString();
    }

    void qualifyRequest()
    {
        QFETCH(QStringList, args);
        QFETCH(bool, valid);
        QFETCH(QString, apiName);
        CommandRegistry registry;
        QCommandLineParser parser;
        QStringList positionals;
        QVERIFY(CliOptions::parseCommand(parser, *registry.find(u"qualify"_s),
                                         argv(QStringList{u"qualify"_s, u"ID"_s} + args), &positionals,
                                         nullptr));
        QStringList problems;
        const auto request = QualifyCommand::parseRequest(positionals.at(1), parser, &problems);
        QCOMPARE(request.has_value(), valid);
        QCOMPARE(problems.isEmpty(), valid);
        if (valid)
            QCOMPARE(qd::Qualifications::apiName(request->type), apiName);
        for (const QString &p : std::as_const(problems))
            QVERIFY(!p.isEmpty());
    }

    void historyFilter()
    {
        CommandRegistry registry;
        QCommandLineParser parser;
        QVERIFY(CliOptions::parseCommand(
            parser, *registry.find(u"history"_s),
            argv({u"history"_s, u"--customer"_s, u"5D96CF7F-265B-4DA9-8F0C-26EF4243ED52"_s, u"--state"_s,
                  u"Accepted"_s}),
            nullptr, nullptr));
        QStringList problems;
        const auto filter = HistoryCommand::parseFilter(parser, &problems);
        QVERIFY(filter);
        QCOMPARE(filter->customerId.toString(), u"5d96cf7f-265b-4da9-8f0c-26ef4243ed52"_s);
        QCOMPARE(filter->states, QList<qd::Submission::State>{qd::Submission::State::Accepted});

        QCommandLineParser bad;
        QVERIFY(CliOptions::parseCommand(
            bad, *registry.find(u"history"_s),
            argv({u"history"_s, u"--customer"_s, u"nope"_s, u"--state"_s, u"lost"_s}), nullptr, nullptr));
        problems.clear();
        QVERIFY(!HistoryCommand::parseFilter(bad, &problems));
        QCOMPARE(problems.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestCliOptions)
#include "tst_clioptions.moc"
