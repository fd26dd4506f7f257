#include "MainWindow.h"

#include <QApplication>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("QualDesk"));
    QApplication::setApplicationVersion(QStringLiteral(QUALDESK_VERSION));
    qd::MainWindow window;
    window.show();
    return QApplication::exec();
}
