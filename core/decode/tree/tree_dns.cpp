// Tree nodes of DNS.
#include "decode/tree/tree_builders.h"

#include "decode/protocols/dns_names.h"

namespace synscope::tree {

void addDns(Ctx& c, const Layer& l)
{
    const DnsInfo& d = c.packet.dns;
    const std::uint32_t o = l.offset + (d.overTcp ? 2 : 0);
    const int n = c.tree.add(-1, "dns",
                             format("Domain Name System (%s)", d.isResponse() ? "response" : "query"), l.offset,
                             l.length);
    if (l.length < 12u + (d.overTcp ? 2u : 0u)) {
        addLayerProblems(c, n, l);
        return;
    }
    if (d.overTcp) {
        const unsigned length = c.bytes(l).peek<2>().be16<0>();
        c.tree.add(n, "dns.length", format("Length: %u", length), l.offset, 2, std::uint64_t{length});
    }
    c.tree.add(n, "dns.id", format("Transaction ID: 0x%04x", d.id), o, 2, std::uint64_t{d.id});
    const int fl = c.tree.add(n, "dns.flags",
                              format("Flags: 0x%04x %s", d.flags,
                                     d.isResponse() ? (d.rcode() ? dnsRcodeName(d.rcode()) : "Standard query response, No error")
                                                    : "Standard query"),
                              o + 2, 2, std::uint64_t{d.flags});
    c.tree.add(fl, "dns.flags.response",
               bitLine(d.flags, 0x8000, 16, "Response", d.isResponse() ? "Message is a response" : "Message is a query"),
               o + 2, 2, std::uint64_t{d.isResponse() ? 1u : 0u});
    c.tree.add(fl, "dns.flags.opcode", bitLine(d.flags, 0x7800, 16, "Opcode", format("%u", d.opcode()).c_str()), o + 2,
               2, std::uint64_t{d.opcode()});
    if (d.isResponse())
        c.tree.add(fl, "dns.flags.rcode",
                   bitLine(d.flags, 0x000f, 16, "Reply code", format("%s (%u)", dnsRcodeName(d.rcode()), d.rcode()).c_str()),
                   o + 2, 2, std::uint64_t{d.rcode()});
    c.tree.add(n, "dns.count.queries", format("Questions: %u", d.questionCount), o + 4, 2,
               std::uint64_t{d.questionCount});
    c.tree.add(n, "dns.count.answers", format("Answer RRs: %u", d.answerCount), o + 6, 2, std::uint64_t{d.answerCount});
    c.tree.add(n, "dns.count.auth_rr", format("Authority RRs: %u", d.authorityCount), o + 8, 2,
               std::uint64_t{d.authorityCount});
    c.tree.add(n, "dns.count.add_rr", format("Additional RRs: %u", d.additionalCount), o + 10, 2,
               std::uint64_t{d.additionalCount});
    if (d.hasQuestion) {
        const int q = c.tree.add(n, "", "Queries", 0, 0);
        const std::string type = dnsTypeName(d.question.type);
        const std::string name = d.question.name.empty() ? "<Root>" : d.question.name;
        const int e = c.tree.add(q, "", name + ": type " + type, 0, 0);
        c.tree.add(e, "dns.qry.name", "Name: " + name, 0, 0, name);
        c.tree.add(e, "dns.qry.type", format("Type: %s (%u)", type.c_str(), d.question.type), 0, 0,
                   std::uint64_t{d.question.type});
        c.tree.add(e, "dns.qry.class", format("Class: 0x%04x", d.question.klass), 0, 0, std::uint64_t{d.question.klass});
    }
    if (d.answersDecoded) {
        const int a = c.tree.add(n, "", "Answers", 0, 0);
        for (std::size_t i = 0; i < d.answersDecoded; ++i) {
            const DnsRecord& r = d.answers[i];
            const std::string type = dnsTypeName(r.type);
            const std::string name = r.name.empty() ? "<Root>" : r.name;
            const int e = c.tree.add(a, "", name + ": type " + type + (r.data.empty() ? "" : ", " + r.data), 0, 0);
            c.tree.add(e, "dns.resp.name", "Name: " + name, 0, 0, name);
            c.tree.add(e, "dns.resp.type", format("Type: %s (%u)", type.c_str(), r.type), 0, 0, std::uint64_t{r.type});
            c.tree.add(e, "dns.resp.ttl", format("Time to live: %u", r.ttl), 0, 0, std::uint64_t{r.ttl});
            if (r.type == 1 && !r.data.empty())
                c.tree.add(e, "dns.a", "Address: " + r.data, 0, 0, r.data);
            else if (r.type == 28 && !r.data.empty())
                c.tree.add(e, "dns.aaaa", "AAAA Address: " + r.data, 0, 0, r.data);
            else if (r.type == 5 && !r.data.empty())
                c.tree.add(e, "dns.cname", "CNAME: " + r.data, 0, 0, r.data);
        }
    }
    addLayerProblems(c, n, l);
}

} // namespace synscope::tree
