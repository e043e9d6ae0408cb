#pragma once
// Runs an export (core/engine/packet_export) on its own thread behind a progress dialog with Cancel,
// so saving millions of packets neither freezes the window nor has to be waited out.
#include "store/packet_export.h"

#include <QString>
#include <memory>

class QWidget;

namespace synscope {

// Blocks (with the event loop running) until the export ends; the dialog shows after half a second.
ExportResult runExport(QWidget* parent, std::shared_ptr<const PacketStore> store, ExportRequest request,
                       const QString& title);

} // namespace synscope
