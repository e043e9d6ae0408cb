#pragma once
// A frame as one JSON object keyed by Wireshark field names: the first occurrence of every named
// field of its tree (as tshark -T fields -E occurrence=f), plus "protocol" (the list's protocol column).
#include "decode/tree/field_tree.h"

#include <string>

namespace synscope {

void appendPacketJson(const FieldTree& tree, const char* protocolColumn, std::string& out);

} // namespace synscope
