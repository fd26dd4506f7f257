// The reference for bench/startup: the smallest Qt Widgets main window, measured the same way
// as `qualdesk --bench-startup` (first paint of the window since process start).
#include "StartupProbe.h"

#include <QApplication>
#include <QLabel>
#include <QMainWindow>
#include <QTimer>
#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QMainWindow window;
    window.setCentralWidget(new QLabel(QStringLiteral("Hello"), &window));
    window.resize(1180, 760);
    window.installEventFilter(new qd::startup::FirstPaintProbe(
        [] {
            std::printf("first-paint-ms %.1f\n", qd::startup::msSinceProcessStart());
            std::fflush(stdout);
            QTimer::singleShot(0, qApp, [] { QApplication::exit(0); });
        },
        &window));
    window.show();
    return QApplication::exec();
}
