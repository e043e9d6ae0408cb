#include "ui/capture/capture_toolbar.h"

#include "ui/capture/interface_list_model.h"
#include "ui/capture/sparkline_delegate.h"

#include "filter/bpf_filter.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPainter>
#include <QScreen>
#include <QStyle>
#include <QStyleOptionComboBox>
#include <QStylePainter>

namespace synscope {

namespace {

// A combo box whose closed face shows the chosen interface's sparkline too.
class InterfaceComboBox : public QComboBox {
public:
    using QComboBox::QComboBox;

protected:
    void paintEvent(QPaintEvent*) override
    {
        QStylePainter painter(this);
        QStyleOptionComboBox opt;
        initStyleOption(&opt);
        // An interface that is not in the list (-i nosuch0, or one unplugged since) still shows its name.
        if (currentIndex() < 0)
            opt.currentText = placeholderText();
        painter.drawComplexControl(QStyle::CC_ComboBox, opt);
        const QRect field = style()->subControlRect(QStyle::CC_ComboBox, &opt, QStyle::SC_ComboBoxEditField, this);
        const QRect spark(field.right() - 64, field.top() + 4, 60, field.height() - 8);
        painter.drawControl(QStyle::CE_ComboBoxLabel, opt);
        SparklineDelegate::paintSparkline(&painter, spark,
                                          currentData(InterfaceListModel::HistoryRole).value<QVector<double>>(),
                                          QColor(0x2a, 0x7a, 0xd8));
    }

public:
    // The list opens as wide as its rows ask (name, addresses, sparkline), not just as wide as the
    // closed box, so long names and addresses are not cut.
    void showPopup() override
    {
        QComboBox::showPopup();
        QWidget* popup = view()->window();
        const int wanted = view()->sizeHintForColumn(0);
        const int have = view()->viewport()->width();
        if (popup == this || have >= wanted)
            return;
        QRect r = popup->geometry();
        r.setWidth(r.width() + wanted - have);
        if (const QScreen* screen = this->screen()) {
            const QRect available = screen->availableGeometry();
            if (r.right() > available.right())
                r.moveRight(available.right());
            if (r.left() < available.left())
                r.moveLeft(available.left());
        }
        popup->setGeometry(r);
    }
};

} // namespace

CaptureToolBar::CaptureToolBar(QWidget* parent) : QToolBar(tr("Capture"), parent)
{
    setObjectName(QStringLiteral("captureToolBar"));
    model_ = new InterfaceListModel(this);

    start_ = addAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("Start Capture"));
    start_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    start_->setToolTip(tr("Start capturing on the chosen interface (Ctrl+E)"));
    stop_ = addAction(style()->standardIcon(QStyle::SP_MediaStop), tr("Stop Capture"));
    stop_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    stop_->setToolTip(tr("Stop the capture; every packet so far is kept (Ctrl+E)"));
    stop_->setEnabled(false);
    restart_ = addAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("Restart Capture"));
    restart_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    restart_->setToolTip(tr("Stop, then start a new capture with the same options (Ctrl+R)"));
    restart_->setEnabled(false);
    options_ = addAction(style()->standardIcon(QStyle::SP_FileDialogDetailedView), tr("Capture Options…"));
    options_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    options_->setToolTip(tr("Several interfaces, snapshot length, buffer, stop conditions, output file (Ctrl+K)"));
    addSeparator();

    interfaceBox_ = new InterfaceComboBox(this);
    interfaceBox_->setObjectName(QStringLiteral("interfaceBox"));
    interfaceBox_->setModel(model_);
    auto* popup = new QListView(interfaceBox_);
    popup->setItemDelegate(new SparklineDelegate(popup));
    interfaceBox_->setView(popup);
    interfaceBox_->setMinimumContentsLength(14);
    interfaceBox_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    interfaceBox_->setToolTip(tr("Interface to capture on; the line shows its traffic in the last 40 seconds"));
    interfaceBox_->setAccessibleName(tr("Capture interface"));
    addWidget(interfaceBox_);
    moreInterfaces_ = new QLabel(this);
    moreInterfaces_->hide();
    addWidget(moreInterfaces_);
    refresh_ = new QAction(tr("Refresh Interfaces"), this);
    refresh_->setShortcut(QKeySequence(Qt::Key_F5));
    refresh_->setToolTip(tr("List the interfaces again (F5)"));
    connect(refresh_, &QAction::triggered, this, [this] {
        const QString current = interfaceBox_->currentIndex() >= 0 ? interfaceBox_->currentText() : missingInterface_;
        model_->refresh();
        const int row = model_->rowOfName(current);
        interfaceBox_->setCurrentIndex(row >= 0 ? row : (missingInterface_.isEmpty() ? 0 : -1));
    });

    addWidget(new QLabel(tr(" Capture filter: "), this));
    filter_ = new QLineEdit(this);
    filter_->setObjectName(QStringLiteral("captureFilter"));
    filter_->setPlaceholderText(tr("Capture filter, e.g. tcp port 443 or host 192.0.2.10"));
    filter_->setClearButtonEnabled(true);
    filter_->setMinimumWidth(280);
    filter_->setAccessibleName(tr("Capture filter"));
    addWidget(filter_);

    connect(interfaceBox_, &QComboBox::currentIndexChanged, this, [this] {
        if (interfaceBox_->currentIndex() >= 0 && !missingInterface_.isEmpty()) {
            missingInterface_.clear();
            interfaceBox_->setPlaceholderText(QString());
            interfaceBox_->setToolTip(tr("Interface to capture on; the line shows its traffic in the last 40 seconds"));
        }
        extraInterfaces_.clear();
        moreInterfaces_->hide();
        checkFilter();
        emit optionsEdited();
    });
    connect(filter_, &QLineEdit::textChanged, this, [this] {
        checkFilter();
        emit optionsEdited();
    });
}

void CaptureToolBar::showOptions(const LiveOptions& options)
{
    const QSignalBlocker quietBox(interfaceBox_);
    const QSignalBlocker quietFilter(filter_);
    extraInterfaces_.clear();
    int row = -1;
    if (!options.interfaces.empty()) {
        row = model_->rowOfName(QString::fromStdString(options.interfaces.front()));
        extraInterfaces_.assign(options.interfaces.begin() + 1, options.interfaces.end());
    }
    // An interface libpcap does not list (a typo, -i nosuch0, one that went away) stays chosen, shown by
    // name: starting must try it and say what is wrong, never capture on another one instead.
    missingInterface_ = row < 0 && !options.interfaces.empty() ? QString::fromStdString(options.interfaces.front())
                                                               : QString();
    interfaceBox_->setPlaceholderText(missingInterface_);
    interfaceBox_->setCurrentIndex(row >= 0                          ? row
                                   : !missingInterface_.isEmpty()    ? -1
                                   : model_->rowCount() > 0          ? 0
                                                                     : -1);
    interfaceBox_->setToolTip(missingInterface_.isEmpty()
                                  ? tr("Interface to capture on; the line shows its traffic in the last 40 seconds")
                                  : tr("%1 is not among the interfaces found").arg(missingInterface_));
    if (extraInterfaces_.empty()) {
        moreInterfaces_->hide();
    } else {
        QStringList names;
        for (const std::string& n : extraInterfaces_)
            names << QString::fromStdString(n);
        moreInterfaces_->setText(tr("+ %n more", nullptr, static_cast<int>(extraInterfaces_.size())));
        moreInterfaces_->setToolTip(names.join(QStringLiteral(", ")));
        moreInterfaces_->show();
    }
    filter_->setText(QString::fromStdString(options.filter));
    checkFilter();
}

void CaptureToolBar::applyTo(LiveOptions& options) const
{
    options.interfaces.clear();
    if (interfaceBox_->currentIndex() >= 0)
        options.interfaces.push_back(interfaceBox_->currentText().toStdString());
    else if (!missingInterface_.isEmpty())
        options.interfaces.push_back(missingInterface_.toStdString());
    options.interfaces.insert(options.interfaces.end(), extraInterfaces_.begin(), extraInterfaces_.end());
    options.filter = filter_->text().trimmed().toStdString();
}

bool CaptureToolBar::filterIsValid(QString* problem) const
{
    if (problem)
        *problem = filterProblem_;
    return filterValid_;
}

void CaptureToolBar::checkFilter()
{
    const QString text = filter_->text().trimmed();
    filterProblem_.clear();
    filterValid_ = true;
    if (!text.isEmpty()) {
        // Checked for the link type the interface will most likely give; libpcap checks again at start.
        const std::uint32_t linkType = interfaceBox_->currentIndex() >= 0 && interfaceBox_->currentText() == QLatin1String("any") ? 113u : 1u;
        std::string error;
        filterValid_ = BpfFilter::check(text.toStdString(), linkType, error);
        filterProblem_ = QString::fromStdString(error);
    }
    filter_->setStyleSheet(text.isEmpty() ? QString()
                           : filterValid_ ? QStringLiteral("QLineEdit { background: #d9f5d3; }")
                                          : QStringLiteral("QLineEdit { background: #f8d0d0; }"));
    filter_->setToolTip(filterValid_ ? tr("Only packets matching this tcpdump/BPF expression are captured")
                                     : tr("Invalid capture filter: %1").arg(filterProblem_));
    start_->setEnabled(!stop_->isEnabled() && filterValid_ && hasInterface());
}

bool CaptureToolBar::hasInterface() const
{
    return interfaceBox_->currentIndex() >= 0 || !missingInterface_.isEmpty();
}

void CaptureToolBar::setRunning(bool running)
{
    stop_->setEnabled(running);
    restart_->setEnabled(running);
    interfaceBox_->setEnabled(!running);
    filter_->setReadOnly(running);
    options_->setEnabled(!running);
    start_->setEnabled(!running && filterValid_ && hasInterface());
}

} // namespace synscope
