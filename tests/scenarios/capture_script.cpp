#include "capture_script.h"

#include <stdexcept>

namespace synscope::testkit {

CaptureScript::CaptureScript(std::uint32_t linkType, Timestamp start) : now_(start)
{
    WriterInterface i;
    i.linkType = linkType;
    interfaces_.push_back(i);
}

int CaptureScript::addInterface(std::uint32_t linkType, const std::string& name, bool nanosecond)
{
    WriterInterface i;
    i.linkType = linkType;
    i.name = name;
    i.nanosecond = nanosecond;
    interfaces_.push_back(i);
    return static_cast<int>(interfaces_.size() - 1);
}

void CaptureScript::advance(std::int64_t ns)
{
    std::int64_t total = static_cast<std::int64_t>(now_.nanoseconds) + ns;
    std::int64_t carry = total / 1000000000;
    total %= 1000000000;
    if (total < 0) {
        total += 1000000000;
        --carry;
    }
    now_.seconds += carry;
    now_.nanoseconds = static_cast<std::uint32_t>(total);
}

void CaptureScript::add(const Bytes& frame, std::uint32_t interfaceIndex, std::uint32_t snapLength,
                        const std::string& comment)
{
    if (stream_) {
        const std::uint32_t caplen = snapLength > 0 && frame.size() > snapLength ? snapLength
                                                                                  : static_cast<std::uint32_t>(frame.size());
        if (streamError_.empty())
            stream_->write(interfaceIndex, now_, std::span(frame.data(), caplen),
                           static_cast<std::uint32_t>(frame.size()), streamError_, comment);
        return;
    }
    ScriptPacket p;
    p.interfaceIndex = interfaceIndex;
    p.time = now_;
    p.originalLength = static_cast<std::uint32_t>(frame.size());
    p.data = frame;
    if (snapLength > 0 && p.data.size() > snapLength)
        p.data.resize(snapLength);
    p.comment = comment;
    packets_.push_back(std::move(p));
}

bool CaptureScript::write(const std::string& path, CaptureFileFormat format, std::string& error) const
{
    CaptureWriter w;
    if (!w.open(path, format, interfaces_, error))
        return false;
    for (const ScriptPacket& p : packets_)
        if (!w.write(p.interfaceIndex, p.time, p.data, p.originalLength, error, p.comment))
            return false;
    return w.close(error);
}

std::string CaptureScript::writeTemp(const std::string& dir, const std::string& name, CaptureFileFormat format) const
{
    const std::string path = dir + "/" + name;
    std::string error;
    if (!write(path, format, error))
        throw std::runtime_error("cannot write test capture " + path + ": " + error);
    return path;
}

} // namespace synscope::testkit
