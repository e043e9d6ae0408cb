#pragma once
// The capture bundled as resources/sample.pcapng: several connection lives on one screen.
#include "capture_script.h"

namespace synscope::testkit {

// Always the same bytes: resources/sample.pcapng is this, written as pcapng.
CaptureScript buildSampleCapture();

} // namespace synscope::testkit
