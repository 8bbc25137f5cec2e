// SPDX-License-Identifier: GPL-2.0
/*
 * User-space ring memory from a memfd: [guard][header][data][data][guard].
 */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <unistd.h>

#include "ring_umem.h"

int hvg2u_mem_alloc(struct hvg2u_mem *m, u32 size)
{
	size_t hdr = HVG2_RING_HDR_SIZE;
	u8 *base, *p;
	int fd;

	memset(m, 0, sizeof(*m));
	if (!size || size % PAGE_SIZE)
		return -EINVAL;
	fd = memfd_create("hvg2-ring", MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (ftruncate(fd, hdr + size))
		goto fail_fd;
	m->len = PAGE_SIZE + hdr + 2 * (size_t)size + PAGE_SIZE;
	/* Reserve the address range, guards included, then map over it. */
	base = mmap(NULL, m->len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		goto fail_fd;
	p = base + PAGE_SIZE;
	if (mmap(p, hdr + size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
		 fd, 0) == MAP_FAILED)
		goto fail_map;
	if (mmap(p + hdr + size, size, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED, fd, hdr) == MAP_FAILED)
		goto fail_map;
	close(fd);
	m->base = base;
	m->hdr = (struct hvg2_ring_hdr *)p;
	m->data = p + hdr;
	m->size = size;
	return 0;

fail_map:
	munmap(base, m->len);
fail_fd:
	close(fd);
	return -ENOMEM;
}

void hvg2u_mem_free(struct hvg2u_mem *m)
{
	if (m->base)
		munmap(m->base, m->len);
	memset(m, 0, sizeof(*m));
}
