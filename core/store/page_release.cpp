#include "store/page_release.h"

#include "store/packet_store.h"

namespace synscope {

void PageRelease::release()
{
    if (lo_ <= hi_)
        store_.releaseBytes(lo_, hi_ + 1);
    count_ = 0;
    lo_ = SIZE_MAX;
    hi_ = 0;
}

} // namespace synscope
