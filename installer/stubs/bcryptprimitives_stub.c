/* Stand-in for bcryptprimitives.dll, absent in Wine 8: Rust-built extensions (python-calamine)
   import ProcessPrng from it (Rust >= 1.78 std). Forwards to Wine's RtlGenRandom.
   Only for the Wine prefix: real Windows 10+ has its own, so PyInstaller never bundles this. */
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID buf, ULONG len); /* advapi32 RtlGenRandom */
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk; len -= chunk;
    }
    return TRUE;
}
