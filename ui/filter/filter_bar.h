#pragma once
// The display-filter bar: a tcpdump/BPF expression checked as you type (green or red, with libpcap's
// message), a history, and the connection a "follow" restricted the list to.
#include <QWidget>
#include <atomic>
#include <cstdint>

class QComboBox;
class QLabel;
class QToolButton;

namespace synscope {

class FilterBar : public QWidget {
    Q_OBJECT

public:
    explicit FilterBar(QWidget* parent = nullptr);

    QString expression() const;
    void setExpression(const QString& text);
    // The link type expressions are checked against (the capture's first interface).
    void setLinkType(std::uint32_t linkType) { linkType_ = linkType; }
    // Restricts the list to one TCP stream; -1 removes the restriction.
    void setStream(qint64 stream, const QString& label);
    qint64 stream() const { return stream_; }
    QStringList history() const;
    void setHistory(const QStringList& history);
    bool isValid() const { return valid_; }
    // The last check's message ("" when valid).
    QString problem() const { return problem_; }

public slots:
    void apply();
    void clear();
    void focusEditor();

signals:
    // The user asked for this filter (Enter, Apply, Clear, removing the connection restriction).
    void applied(const QString& expression, qint64 stream);
    void checked(bool valid, const QString& message);

private slots:
    void textEdited(const QString& text);
    void checkResult(quint64 generation, bool valid, const QString& message);

private:
    void showState();
    void remember(const QString& text);

    QComboBox* combo_;
    QToolButton* streamChip_;
    QToolButton* applyButton_;
    QToolButton* clearButton_;
    QLabel* status_;
    std::uint32_t linkType_ = 1;
    qint64 stream_ = -1;
    bool valid_ = true;
    QString problem_;
    std::atomic<quint64> generation_{0};
};

} // namespace synscope
