#include "analysis/teardown_names.h"

#include <iterator>

// The connections panel's texts are translated by the GUI; lupdate finds them by this macro's name. Core
// does not use Qt, so it only marks them here.
#ifndef QT_TRANSLATE_NOOP
#define QT_TRANSLATE_NOOP(context, text) text
#endif

namespace synscope {

namespace {

// In CloseKind order.
constexpr TeardownNames kTeardownNames[] = {
    {CloseKind::FourWay, "four-way", QT_TRANSLATE_NOOP("synscope::ConnectionModel", "four-way teardown"),
     "four-way teardown ({who} closed first)", "Four-way teardown", "Four-way teardown"},
    {CloseKind::ThreeWay, "three-way", QT_TRANSLATE_NOOP("synscope::ConnectionModel", "three-way teardown"),
     "three-way teardown ({who} closed first)", "Three-way teardown (ACK and FIN combined)",
     "Three-way teardown (ACK and FIN combined)"},
    {CloseKind::Simultaneous, "simultaneous", QT_TRANSLATE_NOOP("synscope::ConnectionModel", "simultaneous close"),
     "simultaneous close", "Simultaneous close", "Simultaneous close"},
    {CloseKind::Reset, "reset", QT_TRANSLATE_NOOP("synscope::ConnectionModel", "reset"), "reset by {who}", "Reset",
     "Reset (FIN answered by RST)"},
    {CloseKind::HalfClosed, "half-closed", QT_TRANSLATE_NOOP("synscope::ConnectionModel", "half-closed"),
     "half-closed by {who}", "Half-close (the other side never closed)",
     "Half-close (the other side never closed)"},
    {CloseKind::Open, "open", QT_TRANSLATE_NOOP("synscope::ConnectionModel", "still open"),
     "still open at the end of the capture", nullptr, nullptr},
    {CloseKind::None, "none", QT_TRANSLATE_NOOP("synscope::ConnectionModel", "never established"), "", nullptr,
     nullptr},
};

constexpr bool inCloseKindOrder()
{
    for (std::size_t i = 0; i < std::size(kTeardownNames); ++i)
        if (static_cast<std::size_t>(kTeardownNames[i].kind) != i)
            return false;
    return true;
}
static_assert(inCloseKindOrder() && std::size(kTeardownNames) == static_cast<std::size_t>(CloseKind::None) + 1,
              "one row per CloseKind, in its order");

} // namespace

const TeardownNames& teardownNames(CloseKind kind)
{
    // A value outside the enum (never made by the lifecycle) has no names.
    static constexpr TeardownNames kUnknown{CloseKind::None, "?", "", "", nullptr, nullptr};
    const auto i = static_cast<std::size_t>(kind);
    return i < std::size(kTeardownNames) ? kTeardownNames[i] : kUnknown;
}

} // namespace synscope
