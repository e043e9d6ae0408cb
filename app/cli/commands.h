#pragma once
#include <QStringList>
#include <functional>
#include <string>

namespace synscope {
struct SequenceDiagram;
}

namespace synscope::cli {

// Each takes its arguments with arguments[0] naming the command ("synscope-cli read").
int runRead(const QStringList& arguments);
int runConversations(const QStringList& arguments);
int runCapture(const QStringList& arguments);
int runExport(const QStringList& arguments);
int runInterfaces(const QStringList& arguments);
int runGraph(const QStringList& arguments);
// Draws a diagram as svg/png/pdf into a file; false with a message. Empty when built without the GUI.
using DiagramRenderer =
    std::function<bool(const SequenceDiagram&, const std::string& format, const std::string& path, std::string& error)>;
int runDiagram(const QStringList& arguments, const DiagramRenderer& render);

} // namespace synscope::cli
