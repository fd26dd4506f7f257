#include "CliApp.h"
#include "Console.h"
#include "settings/AppSettings.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    qd::AppSettings::applyApplicationIdentity();
    qd::cli::Console console;
    qd::cli::CliApp cli(console);
    return cli.run(QCoreApplication::arguments());
}
