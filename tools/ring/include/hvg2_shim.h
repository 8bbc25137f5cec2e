/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Just enough of the kernel's headers for drivers/ring/ring.c to build
 * unchanged in user space, like the kernel's tools/virtio. Every
 * header under include/linux and include/asm next to this one includes only
 * this one. Barriers map onto the C11 builtins, except smp_mb(), which on
 * x86-64 is the kernel's locked add (cheaper than mfence, same ordering).
 */
#ifndef _HVG2_SHIM_H
#define _HVG2_SHIM_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <stdlib.h>
#include <stdio.h>
#include <errno.h>
#include <sys/uio.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;
typedef unsigned int gfp_t;

#define GFP_KERNEL	0u
#define PAGE_SIZE	4096u

#define __packed	__attribute__((__packed__))
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)

#define ALIGN(x, a)	(((x) + ((__typeof__(x))(a) - 1)) & ~((__typeof__(x))(a) - 1))
#define BIT(n)		(1ul << (n))
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define min_t(t, a, b)	((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b)	((t)(a) > (t)(b) ? (t)(a) : (t)(b))

/* struct kvec is the kernel's name for an iovec */
struct kvec {
	void *iov_base;
	size_t iov_len;
};

#define READ_ONCE(x)	(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v)	(*(volatile __typeof__(x) *)&(x) = (v))

#define barrier()	__asm__ __volatile__("" ::: "memory")
/*
 * Fences around plain volatile accesses, as the kernel does it on x86: the
 * ring header is a packed struct, which the __atomic builtins dislike.
 */
#define smp_store_release(p, v) do {					\
	__atomic_thread_fence(__ATOMIC_RELEASE);			\
	WRITE_ONCE(*(p), (v));						\
} while (0)
#define smp_load_acquire(p) ({						\
	__typeof__(*(p)) ___v = READ_ONCE(*(p));			\
	__atomic_thread_fence(__ATOMIC_ACQUIRE);			\
	___v;								\
})
#if defined(__x86_64__)
#define smp_mb() \
	__asm__ __volatile__("lock; addl $0,-132(%%rsp)" ::: "memory", "cc")
#define cpu_relax()	__asm__ __volatile__("pause" ::: "memory")
#else
#define smp_mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define cpu_relax()	barrier()
#endif
/* load-load order: an acquire fence is at least that (x86: a compiler barrier) */
#define smp_rmb()	__atomic_thread_fence(__ATOMIC_ACQUIRE)

#define MAX_ERRNO	4095
#define IS_ERR_VALUE(x)	unlikely((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)
static inline void *ERR_PTR(long error) { return (void *)error; }
static inline long PTR_ERR(const void *ptr) { return (long)ptr; }
static inline bool IS_ERR(const void *ptr) { return IS_ERR_VALUE((unsigned long)ptr); }

/* Exports are plain redeclarations, so the trailing ';' stays legal. */
#define EXPORT_SYMBOL_GPL(sym)	extern __typeof__(sym) sym

/* Messages about a hostile peer: quiet unless asked (the fuzzer is noisy). */
extern int hvg2_shim_verbose;
#define pr_warn_ratelimited(fmt, ...) \
	do { if (hvg2_shim_verbose) fprintf(stderr, pr_fmt(fmt), ##__VA_ARGS__); } while (0)

/* WARN is for caller bugs only, never for peer input: make them fatal here. */
#define WARN_ON_ONCE(cond) ({						\
	bool __c = !!(cond);						\
	if (__c) {							\
		fprintf(stderr, "WARN %s:%d: %s\n", __FILE__, __LINE__, #cond); \
		abort();						\
	}								\
	__c;								\
})

static inline void *kvmalloc(size_t n, gfp_t gfp) { (void)gfp; return malloc(n); }
static inline void kvfree(const void *p) { free((void *)p); }

#endif /* _HVG2_SHIM_H */
