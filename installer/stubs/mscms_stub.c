/* From ../shared/wine (the team's proven Wine recipe). */
/* Stand-in for mscms.dll: Wine 8's builtin aborts in WcsCreateIccProfile, which
   Qt >= 6.9's qwindows.dll calls. Every call fails cleanly, so Qt assumes sRGB. */
#include <windows.h>
__declspec(dllexport) HANDLE WINAPI OpenColorProfileW(void *p, DWORD a, DWORD s, DWORD c){ SetLastError(ERROR_NOT_SUPPORTED); return NULL; }
__declspec(dllexport) BOOL WINAPI CloseColorProfile(HANDLE h){ return TRUE; }
__declspec(dllexport) HANDLE WINAPI WcsCreateIccProfile(HANDLE h, DWORD opts){ SetLastError(ERROR_NOT_SUPPORTED); return NULL; }
__declspec(dllexport) BOOL WINAPI GetColorProfileFromHandle(HANDLE h, BYTE *buf, DWORD *size){ if (size) *size = 0; SetLastError(ERROR_NOT_SUPPORTED); return FALSE; }
