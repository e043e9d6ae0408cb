#pragma once
// How a teardown is named, everywhere SynScope shows it: one row per CloseKind in one table
// (teardown_names.cpp). To rename a teardown, change its row there; every view reads it.
//
// Which kind a connection's close is (four-way, three-way, simultaneous, reset, half-closed) is decided in
// one function, TcpLifecycle::closeKind() (tcp_lifecycle.cpp), and who closed it by
// TcpLifecycle::closedByFor().
#include "analysis/tcp_states.h"

namespace synscope {

struct TeardownNames {
    CloseKind kind;
    // The word of `conversations --json` ("close") and of closeKindName(): "four-way".
    const char* key;
    // The connections panel's Close column, translated there (ConnectionModel::closeText, context
    // "synscope::ConnectionModel"): "four-way teardown".
    const char* panel;
    // `synscope-cli conversations` (describeClose()); "{who}" stands for closedByName(): "four-way
    // teardown ({who} closed first)". Empty: nothing is printed.
    const char* report;
    // The sequence diagram's phase label; nullptr when the diagram draws no teardown phase.
    const char* phase;
    // The label when the closing began with a FIN (only a reset is named differently then).
    const char* phaseAfterFin;
};

const TeardownNames& teardownNames(CloseKind kind);

} // namespace synscope
