// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_ring: ring memory, the header page and the data pages, mapped once
 * as [header, data, data]. The second copy of the data pages makes every
 * packet contiguous in virtual memory however it straddles the end of the
 * ring, so neither producer nor consumer ever splits a copy or a struct.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/gfp.h>
#include <linux/export.h>

#include "hvg2/ring.h"

/* 1 GiB of data is far beyond any VMBus ring; keeps the arithmetic small. */
#define RING_MEM_MAX_PAGES	((1u << 30) / PAGE_SIZE)

/* Map m->pages as header, data, data; the page array is not kept by vmap. */
static int ring_mem_vmap(struct hvg2_ring_mem *m, pgprot_t prot)
{
	unsigned int ndata = m->npages - 1;
	struct page **map;
	unsigned int i;

	map = kvmalloc_array(1 + 2 * ndata, sizeof(*map), GFP_KERNEL);
	if (!map)
		return -ENOMEM;
	map[0] = m->pages[0];
	for (i = 0; i < ndata; i++) {
		map[1 + i] = m->pages[1 + i];
		map[1 + ndata + i] = m->pages[1 + i];
	}
	m->vaddr = vmap(map, 1 + 2 * ndata, VM_MAP, prot);
	kvfree(map);
	return m->vaddr ? 0 : -ENOMEM;
}

/**
 * hvg2_ring_mem_alloc_prot() - allocate and map a ring's pages
 * @m: filled in on success
 * @bytes: size of the data area, rounded up to whole pages
 * @node: NUMA node for the pages, or NUMA_NO_NODE
 * @decrypted: map them for sharing with the host of a confidential guest
 *	(pgprot_decrypted()); the caller converts the pages themselves
 *	(set_memory_decrypted()) before touching them through the mapping
 *
 * The pages are zeroed; the caller resets the header when it creates the
 * ring (hvg2_ring_reset_hdr()), after any conversion: converting a page
 * changes what it reads as.
 *
 * Return: 0, -EINVAL for a zero or huge size, -ENOMEM.
 */
int hvg2_ring_mem_alloc_prot(struct hvg2_ring_mem *m, u32 bytes, int node,
			     bool decrypted)
{
	unsigned int ndata = DIV_ROUND_UP(bytes, PAGE_SIZE);
	unsigned int i;
	int err;

	memset(m, 0, sizeof(*m));
	if (!ndata || ndata > RING_MEM_MAX_PAGES)
		return -EINVAL;
	m->npages = 1 + ndata;
	m->pages = kvcalloc(m->npages, sizeof(*m->pages), GFP_KERNEL);
	if (!m->pages)
		return -ENOMEM;
	m->owned = true;
	for (i = 0; i < m->npages; i++) {
		m->pages[i] = alloc_pages_node(node, GFP_KERNEL | __GFP_ZERO, 0);
		if (!m->pages[i]) {
			err = -ENOMEM;
			goto free_pages;
		}
	}
	err = ring_mem_vmap(m, decrypted ? pgprot_decrypted(PAGE_KERNEL) :
			   PAGE_KERNEL);
	if (err)
		goto free_pages;
	return 0;

free_pages:
	hvg2_ring_mem_free(m);
	return err;
}
EXPORT_SYMBOL_GPL(hvg2_ring_mem_alloc_prot);

/**
 * hvg2_ring_mem_alloc() - allocate and map a ring's pages, private
 * @m: filled in on success
 * @bytes: size of the data area, rounded up to whole pages
 * @node: NUMA node for the pages, or NUMA_NO_NODE
 *
 * Return: as hvg2_ring_mem_alloc_prot().
 */
int hvg2_ring_mem_alloc(struct hvg2_ring_mem *m, u32 bytes, int node)
{
	return hvg2_ring_mem_alloc_prot(m, bytes, node, false);
}
EXPORT_SYMBOL_GPL(hvg2_ring_mem_alloc);

/**
 * hvg2_ring_mem_map() - map pages someone else owns (the peer's ring)
 * @m: filled in on success
 * @pages: header page, then the data pages
 * @npages: 1 + number of data pages, at least 2
 *
 * The page array is copied; the pages themselves stay the caller's and
 * must outlive the mapping.
 *
 * Return: 0, -EINVAL, -ENOMEM.
 */
int hvg2_ring_mem_map(struct hvg2_ring_mem *m, struct page **pages,
		      unsigned int npages)
{
	int err;

	memset(m, 0, sizeof(*m));
	if (npages < 2 || npages - 1 > RING_MEM_MAX_PAGES)
		return -EINVAL;
	m->pages = kvmalloc_array(npages, sizeof(*m->pages), GFP_KERNEL);
	if (!m->pages)
		return -ENOMEM;
	memcpy(m->pages, pages, npages * sizeof(*m->pages));
	m->npages = npages;
	err = ring_mem_vmap(m, PAGE_KERNEL);
	if (err)
		hvg2_ring_mem_free(m);
	return err;
}
EXPORT_SYMBOL_GPL(hvg2_ring_mem_map);

/**
 * hvg2_ring_mem_free() - unmap, and free the pages if they are ours
 * @m: from hvg2_ring_mem_alloc() or hvg2_ring_mem_map(); zeroed after
 */
void hvg2_ring_mem_free(struct hvg2_ring_mem *m)
{
	unsigned int i;

	if (m->vaddr)
		vunmap(m->vaddr);
	if (m->owned && m->pages) {
		for (i = 0; i < m->npages; i++)
			if (m->pages[i])
				__free_page(m->pages[i]);
	}
	kvfree(m->pages);
	memset(m, 0, sizeof(*m));
}
EXPORT_SYMBOL_GPL(hvg2_ring_mem_free);
