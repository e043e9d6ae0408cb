#include "ui/filter/filter_bar.h"

#include "filter/bpf_filter.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QThreadPool>
#include <QToolButton>

namespace synscope {

FilterBar::FilterBar(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    auto* label = new QLabel(tr("Filter:"), this);
    combo_ = new QComboBox(this);
    combo_->setEditable(true);
    combo_->setInsertPolicy(QComboBox::NoInsert);
    combo_->setMaxCount(30);
    combo_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    combo_->lineEdit()->setPlaceholderText(tr("tcpdump filter, e.g. tcp port 443 and host 10.0.0.5 (Enter applies)"));
    combo_->lineEdit()->setClearButtonEnabled(true);
    combo_->setToolTip(tr("A capture filter expression in tcpdump/BPF syntax, compiled by libpcap"));
    streamChip_ = new QToolButton(this);
    streamChip_->setToolButtonStyle(Qt::ToolButtonTextOnly);
    streamChip_->setToolTip(tr("The list shows one connection; click to show all again"));
    streamChip_->hide();
    applyButton_ = new QToolButton(this);
    applyButton_->setText(tr("Apply"));
    clearButton_ = new QToolButton(this);
    clearButton_->setText(tr("Clear"));
    status_ = new QLabel(this);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(label);
    layout->addWidget(streamChip_);
    layout->addWidget(combo_, 1);
    layout->addWidget(applyButton_);
    layout->addWidget(clearButton_);
    layout->addWidget(status_);
    connect(combo_->lineEdit(), &QLineEdit::textEdited, this, &FilterBar::textEdited);
    connect(combo_->lineEdit(), &QLineEdit::returnPressed, this, &FilterBar::apply);
    connect(combo_, &QComboBox::textActivated, this, [this](const QString& t) {
        textEdited(t);
        apply();
    });
    connect(applyButton_, &QToolButton::clicked, this, &FilterBar::apply);
    connect(clearButton_, &QToolButton::clicked, this, &FilterBar::clear);
    connect(streamChip_, &QToolButton::clicked, this, [this] {
        setStream(-1, {});
        apply();
    });
    showState();
}

QString FilterBar::expression() const { return combo_->currentText().trimmed(); }

void FilterBar::setExpression(const QString& text)
{
    combo_->setEditText(text);
    textEdited(text);
}

void FilterBar::setStream(qint64 stream, const QString& label)
{
    stream_ = stream;
    streamChip_->setText(label + QStringLiteral("  \u2715"));
    streamChip_->setVisible(stream >= 0);
}

QStringList FilterBar::history() const
{
    QStringList h;
    for (int i = 0; i < combo_->count(); ++i)
        h << combo_->itemText(i);
    return h;
}

void FilterBar::setHistory(const QStringList& history)
{
    const QString current = combo_->currentText();
    combo_->clear();
    combo_->addItems(history);
    combo_->setEditText(current);
}

void FilterBar::focusEditor()
{
    combo_->setFocus();
    combo_->lineEdit()->selectAll();
}

void FilterBar::textEdited(const QString& text)
{
    const quint64 generation = ++generation_;
    const std::string expression = text.trimmed().toStdString();
    if (expression.empty()) {
        checkResult(generation, true, {});
        return;
    }
    // libpcap compiles in well under a millisecond, but never on the GUI thread: a pathological
    // expression must not freeze typing. Late answers for older text are dropped.
    QPointer<FilterBar> self(this);
    const std::uint32_t linkType = linkType_;
    QThreadPool::globalInstance()->start([self, generation, expression, linkType] {
        std::string error;
        const bool ok = BpfFilter::check(expression, linkType, error);
        if (self)
            QMetaObject::invokeMethod(self, "checkResult", Qt::QueuedConnection, Q_ARG(quint64, generation),
                                      Q_ARG(bool, ok), Q_ARG(QString, QString::fromStdString(error)));
    });
}

void FilterBar::checkResult(quint64 generation, bool valid, const QString& message)
{
    if (generation != generation_.load())
        return;
    valid_ = valid;
    problem_ = message;
    showState();
    emit checked(valid, message);
}

void FilterBar::showState()
{
    QLineEdit* edit = combo_->lineEdit();
    if (expression().isEmpty()) {
        edit->setStyleSheet({});
        status_->clear();
        status_->setToolTip({});
    } else if (valid_) {
        edit->setStyleSheet(QStringLiteral("QLineEdit { background: #c8f0c8; color: black; }"));
        status_->clear();
    } else {
        edit->setStyleSheet(QStringLiteral("QLineEdit { background: #f8c8c8; color: black; }"));
        status_->setText(problem_);
        status_->setToolTip(problem_);
    }
    applyButton_->setEnabled(valid_);
}

void FilterBar::remember(const QString& text)
{
    if (text.isEmpty())
        return;
    const int existing = combo_->findText(text);
    if (existing >= 0)
        combo_->removeItem(existing);
    combo_->insertItem(0, text);
    combo_->setEditText(text);
}

void FilterBar::apply()
{
    // The check as-you-type may not have answered yet for the very last keystroke: check now.
    const std::string text = expression().toStdString();
    std::string error;
    const bool ok = text.empty() || BpfFilter::check(text, linkType_, error);
    ++generation_;
    checkResult(generation_.load(), ok, QString::fromStdString(error));
    if (!valid_)
        return; // a red expression never reaches the list
    remember(expression());
    emit applied(expression(), stream_);
}

void FilterBar::clear()
{
    combo_->setEditText({});
    textEdited({});
    setStream(-1, {});
    emit applied({}, -1);
}

} // namespace synscope
