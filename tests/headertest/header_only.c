/* Compiled alone: the public header must need nothing else. */
#include <copydesk.h>

int copydesk_header_compiles(void) { return COPYDESK_ABI_VERSION; }
