#include "filter/display_filter.h"

#include "common/link_types.h"
#include "store/packet_store.h"

namespace synscope {

namespace {

// The link types of the capture's interfaces seen so far; Ethernet when there are none yet, so that
// the expression's syntax is checked before the first interface appears.
std::vector<std::uint32_t> linkTypesToCompile(const PacketStore* store)
{
    std::vector<std::uint32_t> linkTypes;
    if (store) {
        const InterfaceList& interfaces = store->reader().interfaces();
        for (std::size_t i = 0; i < interfaces.size(); ++i)
            linkTypes.push_back(interfaces[i].linkType);
    }
    if (linkTypes.empty())
        linkTypes.push_back(linktype::kEthernet);
    return linkTypes;
}

} // namespace

bool DisplayFilter::set(const std::string& expression, FilterLanguage language, std::int64_t stream,
                        const PacketStore* store, std::string& error)
{
    clear();
    switch (language) {
    case FilterLanguage::Bpf:
        if (!bpf_.compile(expression, linkTypesToCompile(store), error))
            return false;
        break;
    }
    stream_ = stream < 0 ? -1 : stream;
    return true;
}

void DisplayFilter::clear()
{
    bpf_ = BpfFilter{};
    stream_ = -1;
    haveReadyLinkType_ = false;
    rejected_.clear();
    failed_ = false;
    error_.clear();
}

bool DisplayFilter::inStream(const PacketStore& store, std::size_t i) const
{
    const TcpPacketRecord& r = store.tcpRecord(i);
    return r.hasStream() && r.stream == static_cast<std::uint64_t>(stream_);
}

bool DisplayFilter::matchesExpression(const PacketStore& store, std::size_t i)
{
    const std::uint32_t linkType = store.linkType(i);
    if (!(haveReadyLinkType_ && linkType == readyLinkType_) && !prepareLinkType(linkType))
        return false;
    return bpf_.matches(linkType, store.bytes(i), store.record(i).originalLength);
}

bool DisplayFilter::prepareLinkType(std::uint32_t linkType)
{
    auto rejected = rejected_.find(linkType);
    if (rejected == rejected_.end()) {
        std::string error;
        if (bpf_.addLinkType(linkType, error)) {
            readyLinkType_ = linkType;
            haveReadyLinkType_ = true;
            return true;
        }
        // The expression is valid but means nothing for this link type (e.g. "ether host" on raw IP).
        rejected = rejected_.emplace(linkType, std::move(error)).first;
    }
    failed_ = true;
    error_ = rejected->second;
    return false;
}

} // namespace synscope
