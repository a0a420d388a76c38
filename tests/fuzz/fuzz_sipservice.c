/* Fuzz target: SERVICE body classification by Content-Type. */
#include <stdint.h>
#include <stddef.h>
#include <glib.h>

#include "sipservice-core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sipservice_kind k = sipservice_classify((const char *)data, size);
    if (sipservice_kind_name(k) == NULL)
        __builtin_trap();
    return 0;
}
