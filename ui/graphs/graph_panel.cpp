#include "ui/graphs/graph_panel.h"

#include "ui/plot/graph_plot.h"
#include "ui/graphs/io_lines_editor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QThread>
#include <QVBoxLayout>

namespace synscope {

namespace {

struct IntervalChoice {
    std::int64_t ns;
    const char* label;
};
// tr() marks the labels where they are shown.
constexpr IntervalChoice kIntervals[] = {
    {1'000'000, QT_TRANSLATE_NOOP("synscope::GraphPanel", "1 ms")},
    {10'000'000, QT_TRANSLATE_NOOP("synscope::GraphPanel", "10 ms")},
    {100'000'000, QT_TRANSLATE_NOOP("synscope::GraphPanel", "100 ms")},
    {1'000'000'000, QT_TRANSLATE_NOOP("synscope::GraphPanel", "1 s")},
    {10'000'000'000, QT_TRANSLATE_NOOP("synscope::GraphPanel", "10 s")},
    {60'000'000'000, QT_TRANSLATE_NOOP("synscope::GraphPanel", "1 min")},
    {600'000'000'000, QT_TRANSLATE_NOOP("synscope::GraphPanel", "10 min")},
};

} // namespace

GraphPanel::GraphPanel(QThread* computeThread, QWidget* parent) : QWidget(parent)
{
    qRegisterMetaType<GraphDataPtr>();
    auto* worker = new GraphWorker;
    worker_ = worker;
    if (!computeThread) {
        ownThread_ = new QThread(this);
        ownThread_->setObjectName(QStringLiteral("graph-worker"));
        computeThread = ownThread_;
    }
    worker->moveToThread(computeThread);
    connect(computeThread, &QThread::finished, worker, &QObject::deleteLater);
    if (ownThread_)
        ownThread_->start();
    connect(worker, &GraphWorker::finished, this, &GraphPanel::onFinished);
    buildControls();
    updateControls();
}

GraphPanel::~GraphPanel()
{
    if (cancel_)
        cancel_->store(true);
    if (ownThread_) {
        ownThread_->quit();
        ownThread_->wait();
    } else {
        // It lives on the engine's thread: delete it there, after what it is doing.
        if (worker_)
            worker_->deleteLater();
    }
}

void GraphPanel::buildControls()
{
    type_ = new QComboBox;
    type_->addItem(tr("Sequence (Stevens / tcptrace)"), static_cast<int>(graphs::GraphType::Stevens));
    type_->addItem(tr("Throughput and goodput"), static_cast<int>(graphs::GraphType::Throughput));
    type_->addItem(tr("Round-trip time"), static_cast<int>(graphs::GraphType::Rtt));
    type_->addItem(tr("Window and bytes in flight"), static_cast<int>(graphs::GraphType::Window));
    type_->addItem(tr("I/O graph"), static_cast<int>(graphs::GraphType::Io));
    type_->setToolTip(tr("What to draw: a TCP stream graph of one connection, or the I/O graph of the capture"));
    streamControls_ = buildStreamControls();
    ioControls_ = buildIoControls();

    log_ = new QCheckBox(tr("Log scale"));
    reset_ = new QPushButton(tr("Reset View"));
    reset_->setToolTip(tr("Show the whole graph (key 0). Zoom: wheel or +/-; pan: drag or arrow keys."));
    export_ = new QPushButton(tr("Export…"));
    export_->setToolTip(tr("Save the graph as PNG or PDF, or its data as CSV"));

    auto* top = new QHBoxLayout;
    top->addWidget(type_);
    top->addWidget(streamControls_);
    top->addWidget(ioControls_);
    top->addStretch();
    top->addWidget(log_);
    top->addWidget(reset_);
    top->addWidget(export_);

    plot_ = new GraphPlot;
    plot_->setMinimumSize(320, 220);
    ioLines_ = new IoLinesEditor;
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(plot_);
    split->addWidget(ioLines_);
    split->setStretchFactor(0, 4);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);

    status_ = new QLabel;
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    status_->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);
    layout->addWidget(status_);
    connectControls();
}

QWidget* GraphPanel::buildStreamControls()
{
    stream_ = new QSpinBox;
    stream_->setRange(0, INT32_MAX); // the worker says when the capture has no such stream
    stream_->setPrefix(tr("stream "));
    stream_->setToolTip(tr("The TCP connection (follows the connections panel)"));
    direction_ = new QComboBox;
    direction_->addItem(tr("client → server"), static_cast<int>(graphs::Direction::ClientToServer));
    direction_->addItem(tr("server → client"), static_cast<int>(graphs::Direction::ServerToClient));
    direction_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    direction_->setToolTip(tr("Whose data: the sender's segments and the receiver's ACKs and window"));
    average_ = new QDoubleSpinBox;
    average_->setRange(0.001, 3600);
    average_->setDecimals(3);
    average_->setValue(1.0);
    average_->setSuffix(tr(" s"));
    average_->setToolTip(tr("Moving-average window of the throughput and goodput"));
    auto* averageLabel = new QLabel(tr("Average over"));
    averageLabel->setObjectName(QStringLiteral("averageLabel"));

    auto* controls = new QWidget;
    auto* streamRow = new QHBoxLayout(controls);
    streamRow->setContentsMargins(0, 0, 0, 0);
    streamRow->addWidget(stream_);
    streamRow->addWidget(direction_);
    streamRow->addWidget(averageLabel);
    streamRow->addWidget(average_);
    return controls;
}

QWidget* GraphPanel::buildIoControls()
{
    interval_ = new QComboBox;
    for (const IntervalChoice& c : kIntervals)
        interval_->addItem(tr(c.label), QVariant::fromValue<qint64>(c.ns));
    interval_->setCurrentIndex(2);
    interval_->setToolTip(tr("Length of each interval"));
    unit_ = new QComboBox;
    unit_->addItem(tr("packets"), static_cast<int>(graphs::IoUnit::Packets));
    unit_->addItem(tr("bytes"), static_cast<int>(graphs::IoUnit::Bytes));
    unit_->addItem(tr("bits"), static_cast<int>(graphs::IoUnit::Bits));
    unit_->setToolTip(tr("What each interval counts"));
    markers_ = new QCheckBox(tr("Connection events"));
    markers_->setChecked(true);
    markers_->setToolTip(tr("Mark where each TCP connection opened (▲) and closed (▼)"));
    auto* controls = new QWidget;
    auto* ioRow = new QHBoxLayout(controls);
    ioRow->setContentsMargins(0, 0, 0, 0);
    ioRow->addWidget(new QLabel(tr("Interval")));
    ioRow->addWidget(interval_);
    ioRow->addWidget(unit_);
    ioRow->addWidget(markers_);
    return controls;
}

void GraphPanel::connectControls()
{
    auto recompute = [this] {
        updateControls();
        dirty_ = true;
        requestGraph();
    };
    connect(type_, &QComboBox::currentIndexChanged, this, recompute);
    connect(stream_, &QSpinBox::valueChanged, this, recompute);
    connect(direction_, &QComboBox::currentIndexChanged, this, recompute);
    connect(average_, &QDoubleSpinBox::editingFinished, this, recompute);
    connect(interval_, &QComboBox::currentIndexChanged, this, recompute);
    connect(unit_, &QComboBox::currentIndexChanged, this, recompute);
    connect(markers_, &QCheckBox::toggled, this, recompute);
    connect(ioLines_, &IoLinesEditor::changed, this, recompute);
    connect(log_, &QCheckBox::toggled, plot_, &GraphPlot::setLogScale);
    connect(reset_, &QPushButton::clicked, plot_, &GraphPlot::resetView);
    connect(export_, &QPushButton::clicked, this, &GraphPanel::exportGraph);
    connect(plot_, &GraphPlot::frameActivated, this, &GraphPanel::frameActivated);
    connect(plot_, &GraphPlot::pointHovered, this, [this](const QString& text) {
        if (!computing_ && !text.isEmpty())
            status_->setText(QString(text).replace('\n', QStringLiteral(" — ")));
    });
}

void GraphPanel::updateControls()
{
    const bool io = graphType() == graphs::GraphType::Io;
    streamControls_->setVisible(!io);
    ioControls_->setVisible(io);
    ioLines_->setVisible(io);
    const bool throughput = graphType() == graphs::GraphType::Throughput;
    average_->setVisible(throughput);
    streamControls_->findChild<QLabel*>(QStringLiteral("averageLabel"))->setVisible(throughput);
    export_->setEnabled(plot_->graph() != nullptr);
}

void GraphPanel::updateDirectionNames(const graphs::GraphData& g)
{
    if (g.type == graphs::GraphType::Io || g.sender.empty())
        return;
    // The engine's analysis is not read here: the addresses come with the graph.
    const bool c2s = g.direction == graphs::Direction::ClientToServer;
    const QString client = QString::fromStdString(c2s ? g.sender : g.receiver);
    const QString server = QString::fromStdString(c2s ? g.receiver : g.sender);
    direction_->setItemText(0, tr("client → server (%1 → %2)").arg(client, server));
    direction_->setItemText(1, tr("server → client (%1 → %2)").arg(server, client));
}

void GraphPanel::setStore(std::shared_ptr<const PacketStore> store)
{
    store_ = std::move(store);
    pendingFrame_ = 0;
    ++requestId_; // an answer about the previous capture is stale
    if (cancel_)
        cancel_->store(true);
    computing_ = false;
    if (!store_) {
        plot_->setGraph(nullptr, tr("No capture is open."));
        status_->clear();
        updateControls();
        return;
    }
    dirty_ = true;
    requestGraph();
}

void GraphPanel::setStream(std::uint32_t stream)
{
    stream_->setValue(static_cast<int>(stream));
}

std::uint32_t GraphPanel::stream() const { return static_cast<std::uint32_t>(stream_->value()); }

void GraphPanel::setGraphType(graphs::GraphType type) { type_->setCurrentIndex(type_->findData(static_cast<int>(type))); }

graphs::GraphType GraphPanel::graphType() const { return static_cast<graphs::GraphType>(type_->currentData().toInt()); }

void GraphPanel::setDirection(graphs::Direction direction)
{
    direction_->setCurrentIndex(direction_->findData(static_cast<int>(direction)));
}

void GraphPanel::setIoInterval(std::int64_t ns)
{
    const int i = interval_->findData(QVariant::fromValue<qint64>(ns));
    if (i >= 0)
        interval_->setCurrentIndex(i);
}

void GraphPanel::setIoUnit(graphs::IoUnit unit) { unit_->setCurrentIndex(unit_->findData(static_cast<int>(unit))); }

void GraphPanel::setLogScale(bool on) { log_->setChecked(on); }

graphs::GraphRequest GraphPanel::request() const
{
    graphs::GraphRequest r;
    r.type = graphType();
    r.stream = stream();
    r.options.direction = static_cast<graphs::Direction>(direction_->currentData().toInt());
    r.options.averageSeconds = average_->value();
    r.io.intervalNs = interval_->currentData().toLongLong();
    r.io.unit = static_cast<graphs::IoUnit>(unit_->currentData().toInt());
    r.io.lines = ioLines_->lines();
    r.io.connectionMarkers = markers_->isChecked();
    return r;
}

void GraphPanel::refresh()
{
    dirty_ = true;
    requestGraph();
}

void GraphPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (dirty_)
        requestGraph();
}

void GraphPanel::requestGraph()
{
    if (!store_ || !isVisible())
        return; // computed when shown
    dirty_ = false;
    if (cancel_)
        cancel_->store(true);
    cancel_ = std::make_shared<std::atomic<bool>>(false);
    const quint64 id = ++requestId_;
    computing_ = true;
    status_->setText(tr("Computing the graph…"));
    if (!worker_)
        return;
    QMetaObject::invokeMethod(
        worker_, [w = worker_.data(), id, store = store_, r = request(), c = cancel_] { w->compute(id, store, r, c); },
        Qt::QueuedConnection);
}

void GraphPanel::onFinished(quint64 id, GraphDataPtr graph, const QString& error, qint64 elapsedMs)
{
    if (id != requestId_)
        return; // a newer request is on its way
    computing_ = false;
    if (!graph) {
        plot_->setGraph(nullptr, error);
        status_->setText(tr("The graph cannot be drawn: %1").arg(error));
    } else {
        plot_->setGraph(graph);
        updateDirectionNames(*graph);
        status_->setText(tr("%n point(s), computed in %1 ms. Click a point to select its packet.", nullptr,
                            static_cast<int>(std::min<std::size_t>(graph->pointCount(), INT32_MAX)))
                             .arg(elapsedMs));
        if (pendingFrame_)
            plot_->showFrame(pendingFrame_);
    }
    updateControls();
    emit graphReady();
}

void GraphPanel::selectFrame(quint64 frame)
{
    pendingFrame_ = frame;
    if (plot_->graph())
        plot_->showFrame(frame);
}

QString GraphPanel::statusText() const { return status_->text(); }

void GraphPanel::exportGraph()
{
    if (!plot_->graph())
        return;
    QString selected;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Graph"), QString(),
        tr("PNG image (*.png);;PDF document (*.pdf);;CSV data (*.csv)"), &selected);
    if (path.isEmpty())
        return;
    QString file = path;
    if (QFileInfo(file).suffix().isEmpty())
        file += selected.contains(QLatin1String("pdf")) ? QStringLiteral(".pdf")
                : selected.contains(QLatin1String("csv")) ? QStringLiteral(".csv")
                                                          : QStringLiteral(".png");
    QString error;
    if (!plot_->saveAs(file, &error))
        QMessageBox::warning(this, tr("Export Graph"), error);
    else
        status_->setText(tr("Saved %1").arg(file));
}

} // namespace synscope
