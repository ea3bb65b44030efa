/* From ../shared/wine (the team's proven Wine recipe). */
/* Minimal stand-in for Windows' system icuuc.dll (absent in Wine 8).
   Only the ucnv_* entry points Qt6Core imports; every converter lookup fails,
   so Qt falls back to its built-in UTF-8/16/32/Latin-1 codecs. */
#include <stdint.h>
#include <stddef.h>
typedef int UErrorCode; typedef void UConverter; typedef uint16_t UChar;
#define U_UNSUPPORTED_ERROR 16
static void fail(UErrorCode *e){ if (e && *e <= 0) *e = U_UNSUPPORTED_ERROR; }
__declspec(dllexport) UConverter *ucnv_open(const char *n, UErrorCode *e){ fail(e); return NULL; }
__declspec(dllexport) void ucnv_close(UConverter *c){ }
__declspec(dllexport) void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *a, void *b, const UChar *c, int32_t d, int32_t f, int g, UErrorCode *e){ fail(e); }
__declspec(dllexport) void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *a, void *b, const char *c, int32_t d, int g, UErrorCode *e){ fail(e); }
__declspec(dllexport) void ucnv_reset(UConverter *c){ }
__declspec(dllexport) int8_t ucnv_getMaxCharSize(const UConverter *c){ return 4; }
__declspec(dllexport) const char *ucnv_getName(const UConverter *c, UErrorCode *e){ fail(e); return ""; }
__declspec(dllexport) void ucnv_getToUCallBack(const UConverter *c, void **a, const void **b){ if(a)*a=NULL; if(b)*b=NULL; }
__declspec(dllexport) void ucnv_getFromUCallBack(const UConverter *c, void **a, const void **b){ if(a)*a=NULL; if(b)*b=NULL; }
__declspec(dllexport) void ucnv_setToUCallBack(UConverter *c, void *a, const void *b, void **d, const void **f, UErrorCode *e){ fail(e); }
__declspec(dllexport) void ucnv_setFromUCallBack(UConverter *c, void *a, const void *b, void **d, const void **f, UErrorCode *e){ fail(e); }
__declspec(dllexport) void ucnv_cbToUWriteUChars(void *a, const UChar *s, int32_t l, int32_t o, UErrorCode *e){ fail(e); }
__declspec(dllexport) void ucnv_cbFromUWriteUChars(void *a, const UChar **s, const UChar *l, int32_t o, UErrorCode *e){ fail(e); }
__declspec(dllexport) void ucnv_toUnicode(UConverter *c, UChar **t, const UChar *tl, const char **s, const char *sl, int32_t *o, int f, UErrorCode *e){ fail(e); }
__declspec(dllexport) void ucnv_fromUnicode(UConverter *c, char **t, const char *tl, const UChar **s, const UChar *sl, int32_t *o, int f, UErrorCode *e){ fail(e); }
__declspec(dllexport) int32_t ucnv_toUCountPending(const UConverter *c, UErrorCode *e){ return 0; }
__declspec(dllexport) int32_t ucnv_fromUCountPending(const UConverter *c, UErrorCode *e){ return 0; }
__declspec(dllexport) const char *ucnv_getStandardName(const char *n, const char *s, UErrorCode *e){ fail(e); return NULL; }
__declspec(dllexport) const char *ucnv_getAvailableName(int32_t n){ return NULL; }
__declspec(dllexport) int32_t ucnv_countAvailable(void){ return 0; }
