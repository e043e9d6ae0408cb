#include "decode/text/packet_json.h"

#include "common/json_writer.h"

#include <cstring>
#include <unordered_set>

namespace synscope {

void appendPacketJson(const FieldTree& tree, const char* protocolColumn, std::string& out)
{
    JsonWriter w(out);
    w.beginObject();
    std::unordered_set<std::string_view> seen;
    for (const FieldNode& n : tree.nodes()) {
        if (!n.name || !*n.name || std::holds_alternative<std::monostate>(n.value))
            continue;
        if (!seen.insert(n.name).second)
            continue;
        w.key(n.name);
        std::visit(
            [&](const auto& v) {
                using T = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<T, std::monostate>)
                    w.null();
                else if constexpr (std::is_same_v<T, NumberText>)
                    w.rawNumber(v.text);
                else if constexpr (std::is_same_v<T, double>)
                    w.value(v, 9);
                else
                    w.value(v);
            },
            n.value);
    }
    w.key("protocol");
    w.value(protocolColumn);
    w.endObject();
}

} // namespace synscope
