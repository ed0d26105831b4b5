/* stand-in (see README.md): the subset of nf-interpreter's nanoCLR_Runtime.h /
 * nanoCLR_Runtime__HeapBlock.h / nanoCLR_Types.h the glue uses */
#ifndef LK_STANDIN_NANOCLR_RUNTIME_H
#define LK_STANDIN_NANOCLR_RUNTIME_H
#include "nanoCLR_Interop.h"
struct CLR_RT_HeapBlock_AtomicData_Numeric
{
    int8_t s1;
    uint8_t u1;
    int32_t s4;
    uint32_t u4;
    int64_t s8;
    uint64_t u8;
};
struct CLR_RT_HeapBlock_Array
{
    uint32_t m_numOfElements;
    uint8_t *GetFirstElement();
};
struct CLR_RT_HeapBlock
{
    CLR_RT_HeapBlock_AtomicData_Numeric &NumericByRef();
    const char *RecoverString() const;
    CLR_RT_HeapBlock_Array *DereferenceArray();
};
struct CLR_RT_StackFrame
{
    CLR_RT_HeapBlock &Arg0();
    CLR_RT_HeapBlock &Arg1();
    CLR_RT_HeapBlock &Arg2();
    CLR_RT_HeapBlock &Arg3();
    CLR_RT_HeapBlock &Arg4();
    CLR_RT_HeapBlock &Arg5();
    CLR_RT_HeapBlock &Arg6();
    CLR_RT_HeapBlock &Arg7();
    void SetResult_I4(int32_t val);
};
#define NANOCLR_HEADER() HRESULT hr
#define NANOCLR_RETURN() return hr
#define NANOCLR_NOCLEANUP_NOLABEL() \
    hr = S_OK;                      \
    NANOCLR_RETURN()
#endif
