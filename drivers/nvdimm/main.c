// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_pmem: Hyper-V vPMEM (ACPI NFIT) -> libnvdimm.
 *
 * probe:  refuse if ACPI0012 is already driven (the kernel's nfit)
 *         -> read and validate the NFIT          (parse.c)
 *         -> find DIMMs and their _DSM family    (dimm.c)
 *         -> claim ranges, carve label areas     (region.c, label.c)
 *         -> register the nvdimm bus
 *         -> one nvdimm per DIMM, then events    (dimm.c)
 *         -> one pmem region per range           (region.c)
 * remove: the same, backwards.
 *
 * The kernel's nfit driver matches the same ACPI0012 device; which of the
 * two runs is the administrator's choice (scripts/modprobe.d/hvg2_pmem.conf
 * and Documentation/pmem.rst). We never take over a bound device.
 */
#include <linux/acpi.h>
#include <linux/libnvdimm.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include "hvg2_pmem.h"

static bool labels;
module_param(labels, bool, 0444);
MODULE_PARM_DESC(labels,
		 "Keep namespace labels in the last 128 KiB of each range (default: off)");

static int hvg2_pmem_read_nfit(struct hvg2_pmem *pm)
{
	struct acpi_table_header *tbl;
	struct hvg2_nfit_err err = { };
	acpi_status st;
	int rc;

	st = acpi_get_table(ACPI_SIG_NFIT, 0, &tbl);
	if (ACPI_FAILURE(st)) {
		dev_err(pm->dev, "no NFIT: %s\n", acpi_format_exception(st));
		return -ENODEV;
	}
	rc = hvg2_nfit_parse(tbl, tbl->length, &pm->nfit, &err);
	acpi_put_table(tbl);
	if (rc) {
		dev_err(pm->dev, "NFIT refused at byte %u: %s (%d)\n",
			err.offset, err.why, rc);
		return rc;
	}
	dev_dbg(pm->dev, "NFIT rev %u: %u SPA, %u memdev, %u DCR\n",
		pm->nfit.revision, pm->nfit.nr_spa, pm->nfit.nr_memdev,
		pm->nfit.nr_dcr);
	return 0;
}

static int hvg2_pmem_probe(struct platform_device *pdev)
{
	struct acpi_device *adev = ACPI_COMPANION(&pdev->dev);
	struct device_driver *drv;
	struct hvg2_pmem *pm;
	int rc;

	if (!adev)
		return -ENODEV;
	/*
	 * On kernels where nfit is an acpi_driver it binds the ACPI device,
	 * not this platform device, so the driver core cannot stop us from
	 * doubling up: look ourselves. (Where nfit is a platform driver the
	 * driver core already does.)
	 */
	drv = READ_ONCE(adev->dev.driver);
	if (drv) {
		dev_err(&pdev->dev,
			"%s already driven by %s; see Documentation/pmem.rst\n",
			dev_name(&adev->dev), drv->name);
		return -EBUSY;
	}

	pm = kzalloc(sizeof(*pm), GFP_KERNEL);
	if (!pm)
		return -ENOMEM;
	pm->dev = &pdev->dev;
	pm->adev = adev;
	pm->labels = labels;
	platform_set_drvdata(pdev, pm);

	rc = hvg2_pmem_read_nfit(pm);
	if (rc)
		goto err_free;
	rc = hvg2_pmem_dimms_init(pm);
	if (rc)
		goto err_free;
	rc = hvg2_pmem_ranges_init(pm);
	if (rc)
		goto err_ranges;

	pm->nd_desc.provider_name = "hvg2_pmem";
	pm->nd_desc.module = THIS_MODULE;
	pm->nd_desc.ndctl = hvg2_pmem_ndctl;
	pm->nd_desc.attr_groups = hvg2_pmem_bus_groups;
	pm->bus = nvdimm_bus_register(&pdev->dev, &pm->nd_desc);
	if (!pm->bus) {
		rc = -ENOMEM;
		goto err_ranges;
	}

	rc = hvg2_pmem_dimms_register(pm);
	if (rc)
		goto err_bus;
	rc = hvg2_pmem_regions_register(pm);
	if (rc)
		goto err_bus;
	return 0;

err_bus:
	hvg2_pmem_dimms_fini(pm);
	nvdimm_bus_unregister(pm->bus);
err_ranges:
	hvg2_pmem_ranges_fini(pm);
err_free:
	kfree(pm);
	return rc;
}

static void hvg2_pmem_remove(struct platform_device *pdev)
{
	struct hvg2_pmem *pm = platform_get_drvdata(pdev);

	hvg2_pmem_dimms_fini(pm);
	/* unbinds pmem/namespaces first; nobody maps our ranges after this */
	nvdimm_bus_unregister(pm->bus);
	hvg2_pmem_ranges_fini(pm);
	kfree(pm);
}

static const struct acpi_device_id hvg2_pmem_acpi_ids[] = {
	{ "ACPI0012", 0 },
	{ }
};
MODULE_DEVICE_TABLE(acpi, hvg2_pmem_acpi_ids);

static struct platform_driver hvg2_pmem_driver = {
	.probe = hvg2_pmem_probe,
	HVG2_PLATFORM_REMOVE(hvg2_pmem_remove),
	.driver = {
		.name = "hvg2_pmem",
		.acpi_match_table = hvg2_pmem_acpi_ids,
	},
};
module_platform_driver(hvg2_pmem_driver);

MODULE_DESCRIPTION("Hyper-V vPMEM (ACPI NFIT) bridge to libnvdimm");
MODULE_LICENSE("GPL");
