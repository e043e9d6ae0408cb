#pragma once
#include <QStringList>

namespace synscope::cli {

// Each takes its arguments with arguments[0] naming the command ("synscope-cli read").
int runRead(const QStringList& arguments);
int runConversations(const QStringList& arguments);
int runBench(const QStringList& arguments);

} // namespace synscope::cli
