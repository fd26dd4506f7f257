#pragma once

#include <QDialog>
#include <memory>

namespace Ui {
class AboutDialog;
}

namespace qd {

// Help → About: the version (from CMake, as --version prints it), the Qt version, and the
// license texts: QualDesk's own (Apache-2.0) and the third-party notices (Qt, QtKeychain).
class AboutDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AboutDialog(QWidget *parent = nullptr);
    ~AboutDialog() override;

protected:
    void changeEvent(QEvent *event) override;

private:
    void fillTexts();

    std::unique_ptr<Ui::AboutDialog> m_ui;
};

} // namespace qd
