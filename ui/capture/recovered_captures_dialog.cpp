#include "ui/capture/recovered_captures_dialog.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace synscope {

RecoveredCapturesDialog::RecoveredCapturesDialog(std::vector<SpoolFile> files, QWidget* parent)
    : QDialog(parent), files_(std::move(files))
{
    setWindowTitle(tr("Recover Unsaved Captures"));
    auto* layout = new QVBoxLayout(this);
    auto* text = new QLabel(tr("A previous SynScope session ended before these live captures were saved. "
                               "Their packets are intact up to the last second before it ended."),
                            this);
    text->setWordWrap(true);
    layout->addWidget(text);
    list_ = new QListWidget(this);
    list_->setObjectName(QStringLiteral("recoveredList"));
    layout->addWidget(list_);
    auto* buttons = new QDialogButtonBox(this);
    QPushButton* open = buttons->addButton(tr("Open"), QDialogButtonBox::AcceptRole);
    QPushButton* remove = buttons->addButton(tr("Delete…"), QDialogButtonBox::DestructiveRole);
    buttons->addButton(tr("Later"), QDialogButtonBox::RejectRole);
    connect(open, &QPushButton::clicked, this, &RecoveredCapturesDialog::openSelected);
    connect(remove, &QPushButton::clicked, this, &RecoveredCapturesDialog::deleteSelected);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(list_, &QListWidget::itemDoubleClicked, this, &RecoveredCapturesDialog::openSelected);
    layout->addWidget(buttons);
    rebuild();
    resize(560, 300);
}

void RecoveredCapturesDialog::rebuild()
{
    list_->clear();
    const QLocale locale;
    for (const SpoolFile& f : files_) {
        const QDateTime when = QDateTime::fromSecsSinceEpoch(f.modifiedSeconds);
        auto* item = new QListWidgetItem(tr("%1 — %2, last written %3")
                                             .arg(QString::fromStdString(f.path).section(QLatin1Char('/'), -1),
                                                  locale.formattedDataSize(static_cast<qint64>(f.size)),
                                                  locale.toString(when, QLocale::ShortFormat)),
                                         list_);
        item->setToolTip(QString::fromStdString(f.path));
    }
    if (list_->count() > 0)
        list_->setCurrentRow(0);
    else
        reject();
}

void RecoveredCapturesDialog::openSelected()
{
    const int row = list_->currentRow();
    if (row < 0)
        return;
    chosen_ = QString::fromStdString(files_[static_cast<std::size_t>(row)].path);
    accept();
}

void RecoveredCapturesDialog::deleteSelected()
{
    const int row = list_->currentRow();
    if (row < 0)
        return;
    const QString path = QString::fromStdString(files_[static_cast<std::size_t>(row)].path);
    if (QMessageBox::question(this, tr("Delete Capture?"),
                              tr("Delete %1? Its packets cannot be recovered afterwards.").arg(path),
                              QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel) != QMessageBox::Discard)
        return;
    // Only a file no session holds is deleted: it might have been recovered meanwhile by another window.
    SpoolFileClaim claim;
    std::string error;
    if (!claim.adopt(path.toStdString(), error)) {
        QMessageBox::warning(this, tr("Delete Capture"), QString::fromStdString(error));
        return;
    }
    claim.remove();
    files_.erase(files_.begin() + row);
    rebuild();
}

} // namespace synscope
